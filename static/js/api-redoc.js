// The API reference page (/api/v1/redoc/): Redoc over the schema, with the page's options (its
// CSP nonce among them, for the styles Redoc writes).
//
// Redoc's menu shows Redocly's logo from their CDN; the site asks no other host for anything,
// and its CSP would refuse it. The logo is given an empty image instead: Redoc then drops it,
// as it does when the CDN is unreachable, and the link under it stays.
const REDOCLY_CDN = "https://cdn.redoc.ly/";
const imageSource = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
Object.defineProperty(HTMLImageElement.prototype, "src", {
  ...imageSource,
  set(value) {
    imageSource.set.call(this, String(value).startsWith(REDOCLY_CDN) ? "data:," : value);
  },
});

const container = document.getElementById("redoc-container");
const options = JSON.parse(document.getElementById("redoc-options").textContent);
Redoc.init(container.dataset.schemaUrl, options, container);
