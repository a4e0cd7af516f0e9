"""Numbers and amounts as a reader of the page's language writes them: thousands grouped
("14,400", « 14 400 ») and costs in the organisation's currency ("€4,500", « 4 500 € »).

Django's number formats (its own per language, config/formats first) give the separators;
this module adds the currency, which Django does not know. Babel is not a dependency: the few
symbols below cover the common currencies, and any other ISO 4217 code is written as is
("CHF 4,500", « 4 500 CHF »)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

# ISO 4217's current codes (including funds and precious metals), for the CURRENCY setting.
_ISO_4217 = """AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA
XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG"""
CURRENCY_CODES = frozenset(_ISO_4217.split())

# The symbol each language writes for a currency (as CLDR has them); other codes are written as
# they are. English puts the symbol before the amount, French after it, past a no-break space.
SYMBOLS = {
    "en": {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"},
    "fr": {"EUR": "€", "USD": "$US", "GBP": "£GB", "JPY": "JPY", "CAD": "$CA", "AUD": "$AU"},
}
SYMBOL_AFTER = {"fr"}
NO_BREAK_SPACE = "\xa0"


def currency_code(value: str) -> str:
    """The ISO 4217 code `value` names (any case), or ValueError saying what is accepted."""
    code = value.strip().upper()
    if code not in CURRENCY_CODES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (such as EUR, USD or GBP)")
    return code


def _decimals(value: Decimal) -> int:
    """0 for a whole number, else 1 or 2: "1,250", "3.5", "1,687.25"."""
    for places in (0, 1):
        if value == value.quantize(Decimal(1).scaleb(-places)):
            return places
    return 2


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """`value` with its thousands grouped in the active language; a fraction keeps at most two
    decimals ("14,400", "3.5"; « 14 400 », « 3,5 »), unless `decimals` says how many."""
    if decimals is None:
        decimals = _decimals(Decimal(str(value)))
    return number_format(value, decimals, force_grouping=True)


def format_money(amount: int | float | Decimal, currency: str) -> str:
    """An amount in `currency` as the active language writes it: "€4,500", "€1,687.50",
    "-€200", "CHF 4,500"; « 4 500 € », « 1 687,50 € ». Cents only when there are some."""
    language = (get_language() or "en").split("-")[0]
    amount = Decimal(str(amount))
    figure = number_format(abs(amount), 0 if _decimals(amount) == 0 else 2, force_grouping=True)
    sign = "-" if amount < 0 else ""
    symbol = SYMBOLS.get(language, SYMBOLS["en"]).get(currency, currency)
    if language in SYMBOL_AFTER:
        return f"{sign}{figure}{NO_BREAK_SPACE}{symbol}"
    # A letter code stands apart from the figure ("CHF 4,500"), a sign does not ("€4,500").
    gap = NO_BREAK_SPACE if symbol[-1].isalpha() else ""
    return f"{sign}{symbol}{gap}{figure}"
