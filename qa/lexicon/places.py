"""Countries as filings tag them (ISO codes as members: 'US', 'SG', 'TW') and as people write them."""

from __future__ import annotations

__all__ = ["COUNTRY_CODES", "country_name"]

# ISO 3166 alpha-2 code -> the name a question uses (the common ones in segment and geography notes)
COUNTRY_CODES: dict[str, str] = {
    "US": "United States", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "AR": "Argentina", "CL": "Chile",
    "GB": "United Kingdom", "IE": "Ireland", "DE": "Germany", "FR": "France", "IT": "Italy", "ES": "Spain",
    "NL": "Netherlands", "BE": "Belgium", "CH": "Switzerland", "AT": "Austria", "SE": "Sweden", "NO": "Norway",
    "DK": "Denmark", "FI": "Finland", "PL": "Poland", "PT": "Portugal", "GR": "Greece", "TR": "Turkey", "RU": "Russia",
    "IL": "Israel", "AE": "United Arab Emirates", "SA": "Saudi Arabia", "ZA": "South Africa", "EG": "Egypt",
    "NG": "Nigeria", "IN": "India", "CN": "China", "HK": "Hong Kong", "TW": "Taiwan", "JP": "Japan", "KR": "South Korea",
    "SG": "Singapore", "MY": "Malaysia", "TH": "Thailand", "VN": "Vietnam", "ID": "Indonesia", "PH": "Philippines",
    "AU": "Australia", "NZ": "New Zealand", "LU": "Luxembourg", "BM": "Bermuda", "KY": "Cayman Islands",
}


def country_name(member: str) -> str:
    """A member that is an ISO country code ('US') as the country's name; any other member unchanged."""
    m = member.strip()
    return COUNTRY_CODES.get(m, m) if len(m) == 2 and m.isupper() else m
