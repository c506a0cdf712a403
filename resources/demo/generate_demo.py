"""Generate the bundled demo database ``shop.sqlite``: a small, dirty Russian e-commerce shop.

Why: ETL-Express Desktop needs a realistic sample to demonstrate cleaning and anonymization,
so the data is deliberately dirty.  Every personal value (ФИО, e-mail, phone, ИНН, СНИЛС,
address, birth date) is synthetic (Faker ``ru_RU`` + ``random``); nothing is real.  E-mails use
Faker's reserved ``example.*`` domains.  ИНН (12 digits) and СНИЛС carry valid checksums.

Tables: ``customers`` (N rows), ``products`` (60), ``orders`` (0..9 per customer, ~4.5 on
average) and ``order_items`` (1..4 distinct products per order, composite PRIMARY KEY).

Output is deterministic for a given seed and Faker version: only ``random.Random(seed)`` and a
``Faker('ru_RU')`` seeded with ``seed_instance`` are used (no global random state, no "today").
Dirt is assigned by shuffled plans with exact counts (``round(share * rows)``):

* customers.email: 5% NULL, 2% '', 1% 'N/A', 2% malformed (no '@').
* customers.phone: mostly '+7 9XX XXX-XX-XX'; 15% '8 (9XX) XXX-XX-XX', 10% '79XXXXXXXXX',
  10% '+7(9XX)XXX-XX-XX'; 3% malformed (too few digits or letters); 4% NULL.
* customers.birth_date: mostly 'YYYY-MM-DD'; 15% 'DD.MM.YYYY', 10% 'DD/MM/YYYY'; 3% NULL;
  2 impossible values ('1899-01-01' and a future date '2031-05-17').
* customers.full_name and customers.city: 2% each with leading/trailing spaces.
* customers.inn: 2% NULL; customers.snils: 3% NULL; customers.loyalty_level: 40% NULL.
* orders.amount: 2% negative, 2% NULL (otherwise the sum of its order_items).
* orders.status: mostly new/paid/shipped/delivered/cancelled; 1% 'N/A', 1% '',
  2% upper-case variants ('PAID', 'DELIVERED', ...).
* orders.ordered_at: mostly 'YYYY-MM-DD HH:MM:SS'; 15% 'DD.MM.YYYY HH:MM', 10% ISO with 'T';
  1% NULL.  orders.delivery_phone: same phone formats, 20% NULL.

Usage: ``python generate_demo.py [--out PATH] [--customers N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from faker import Faker

DEFAULT_SEED = 20261129
DEFAULT_OUT = Path(__file__).resolve().parent / "shop.sqlite"
NOW = datetime(2026, 11, 29, 12, 0, 0)  # fixed "today": never use the wall clock
STATUSES = ("new", "paid", "shipped", "delivered", "cancelled")
REGIONS = ("77", "78", "50", "47", "16", "66", "54", "23", "52", "63", "02", "24")
CATEGORIES: dict[str, tuple[str, list[tuple[str, int]]]] = {
    "Электроника": ("EL", [("Наушники", 3500), ("Колонка портативная", 4900)]),
    "Бытовая техника": ("BT", [("Чайник", 2600), ("Пылесос", 12900)]),
    "Одежда": ("OD", [("Футболка", 1200), ("Куртка", 8900)]),
    "Дом и сад": ("DS", [("Плед", 2100), ("Набор кастрюль", 5400)]),
    "Книги": ("KN", [("Ежедневник", 650), ("Энциклопедия", 1900)]),
    "Спорт": ("SP", [("Коврик для йоги", 1500), ("Гантели", 3200)]),
}
LINES = ("Классик", "Премиум", "Эко", "Мини", "Про")
COMMENTS = (
    "Позвонить за час",
    "Оставить у двери",
    "Домофон не работает",
    "Доставка после 18:00",
    "Нужен чек",
    "Подъезд 2, этаж 5",
)
SCHEMA = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, gender TEXT, email TEXT, phone TEXT,
    inn TEXT, snils TEXT, birth_date TEXT, city TEXT, address TEXT,
    registered_at TEXT NOT NULL, loyalty_level TEXT);
CREATE TABLE products (
    id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    category TEXT NOT NULL, price NUMERIC(10,2) NOT NULL);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    ordered_at TEXT, status TEXT, amount NUMERIC(12,2), delivery_phone TEXT, comment TEXT);
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL, unit_price NUMERIC(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id));
"""


def inn_checksum(first10: str) -> str:
    """Return the two control digits of a 12-digit personal ИНН (ФНС algorithm)."""
    w11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    w12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    d11 = sum(int(c) * w for c, w in zip(first10, w11, strict=True)) % 11 % 10
    d12 = sum(int(c) * w for c, w in zip(first10 + str(d11), w12, strict=True)) % 11 % 10
    return f"{d11}{d12}"


def snils_checksum(nine: str) -> int:
    """Return the control number of a СНИЛС (weights 9..1, mod 101, 100 -> 0)."""
    total = sum(int(c) * w for c, w in zip(nine, range(9, 0, -1), strict=True))
    return total % 101 % 100


def make_inn(rng: random.Random) -> str:
    head = rng.choice(REGIONS) + f"{rng.randint(1, 99):02d}" + f"{rng.randint(0, 999999):06d}"
    return head + inn_checksum(head)


def make_snils(rng: random.Random) -> str:
    nine = f"{rng.randint(2_000_000, 999_999_999):09d}"
    return f"{nine[:3]}-{nine[3:6]}-{nine[6:]} {snils_checksum(nine):02d}"


def plan(rng: random.Random, n: int, shares: dict[str, float], default: str = "ok") -> list[str]:
    """Return ``n`` labels with exactly ``round(share * n)`` of each label, shuffled."""
    labels: list[str] = []
    for label, share in shares.items():
        labels += [label] * round(share * n)
    labels += [default] * (n - len(labels))
    rng.shuffle(labels)
    return labels[:n]


def make_phone(rng: random.Random, kind: str) -> str | None:
    d = "9" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    a, b, c, e = d[:3], d[3:6], d[6:8], d[8:]
    formats = {
        "ok": f"+7 {a} {b}-{c}-{e}",
        "eight": f"8 ({a}) {b}-{c}-{e}",
        "plain": f"7{d}",
        "paren": f"+7({a}){b}-{c}-{e}",
        "short": f"+7 {a} {b}-{c}",
        "letters": f"+7 {a} {b}-{c}-{e}".replace("0", "O").replace("1", "l") + "x",
        "null": None,
    }
    return formats[kind]


def rand_dt(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def pad(rng: random.Random, text: str) -> str:
    return rng.choice((" ", "  ", "")) + text + rng.choice((" ", "   ")) if text else text


def customer_rows(rng: random.Random, fake: Faker, n: int) -> list[tuple[object, ...]]:
    email_p = plan(rng, n, {"null": 0.05, "empty": 0.02, "na": 0.01, "bad": 0.02})
    phone_p = plan(
        rng,
        n,
        {
            "eight": 0.15,
            "plain": 0.10,
            "paren": 0.10,
            "short": 0.015,
            "letters": 0.015,
            "null": 0.04,
        },
    )
    birth_p = plan(rng, n, {"dot": 0.15, "slash": 0.10, "null": 0.03})
    name_p, city_p = plan(rng, n, {"pad": 0.02}), plan(rng, n, {"pad": 0.02})
    inn_p, snils_p = plan(rng, n, {"null": 0.02}), plan(rng, n, {"null": 0.03})
    impossible = {n // 3: "1899-01-01", 2 * n // 3: "2031-05-17"} if n >= 3 else {}
    rows: list[tuple[object, ...]] = []
    for i in range(n):
        male = rng.random() < 0.48
        if male:
            parts = (fake.last_name_male(), fake.first_name_male(), fake.middle_name_male())
        else:
            parts = (fake.last_name_female(), fake.first_name_female(), fake.middle_name_female())
        full_name = " ".join(parts)
        good = fake.email()
        email = {
            "ok": good,
            "null": None,
            "empty": "",
            "na": "N/A",
            "bad": good.replace("@", rng.choice(("", " at ", "."))),
        }[email_p[i]]
        born = rand_dt(rng, datetime(1946, 1, 1), datetime(2007, 12, 31)).date()
        birth = {
            "ok": born.isoformat(),
            "dot": born.strftime("%d.%m.%Y"),
            "slash": born.strftime("%d/%m/%Y"),
            "null": None,
        }[birth_p[i]]
        city, address = fake.city_name(), f"{fake.street_address()}, кв. {rng.randint(1, 300)}"
        registered = rand_dt(rng, datetime(2021, 1, 1), NOW - timedelta(days=30))
        rows.append(
            (
                i + 1,
                pad(rng, full_name) if name_p[i] == "pad" else full_name,
                "M" if male else "F",
                email,
                make_phone(rng, phone_p[i]),
                None if inn_p[i] == "null" else make_inn(rng),
                None if snils_p[i] == "null" else make_snils(rng),
                impossible.get(i, birth),
                pad(rng, city) if city_p[i] == "pad" else city,
                address,
                registered.strftime("%Y-%m-%d %H:%M:%S"),
                rng.choice((None, None, "bronze", "bronze", "silver", "gold")),
            )
        )
    return rows


def product_rows(rng: random.Random) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for category, (code, nouns) in CATEGORIES.items():
        for noun, base in nouns:
            for k, line in enumerate(LINES):
                kop = round(base * (0.7 + 0.15 * k) * rng.uniform(0.9, 1.1)) * 100 - 1
                rows.append(
                    (
                        len(rows) + 1,
                        f"{code}-{len(rows) + 1:04d}",
                        f"{noun} «{line}»",
                        category,
                        kop / 100,
                    )
                )
    return rows


def order_rows(
    rng: random.Random,
    customers: Sequence[tuple[object, ...]],
    products: Sequence[tuple[object, ...]],
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    per_customer = [(int(str(c[0])), str(c[10]), rng.randint(0, 9)) for c in customers]
    total = sum(k for *_, k in per_customer)
    amount_p = plan(rng, total, {"neg": 0.02, "null": 0.02})
    status_p = plan(rng, total, {"na": 0.01, "empty": 0.01, "upper": 0.02})
    date_p = plan(rng, total, {"dot": 0.15, "iso": 0.10, "null": 0.01})
    phone_p = plan(rng, total, {"eight": 0.15, "plain": 0.10, "paren": 0.10, "null": 0.20})
    orders: list[tuple[object, ...]] = []
    items: list[tuple[object, ...]] = []
    for cust_id, registered, count in per_customer:
        start = datetime.strptime(registered, "%Y-%m-%d %H:%M:%S")
        for _ in range(count):
            i, oid = len(orders), len(orders) + 1
            kop = 0
            for prod in rng.sample(list(products), rng.randint(1, 4)):
                qty = rng.choice((1, 1, 1, 2, 2, 3, 5))
                price = round(float(str(prod[4])) * 100 * rng.choice((1, 1, 1, 0.9, 0.85)))
                kop += qty * price
                items.append((oid, prod[0], qty, price / 100))
            amount = {"ok": kop / 100, "neg": -kop / 100, "null": None}[amount_p[i]]
            status = rng.choices(STATUSES, weights=(10, 15, 15, 50, 10))[0]
            status = {"ok": status, "upper": status.upper(), "na": "N/A", "empty": ""}[status_p[i]]
            when = rand_dt(rng, start, NOW)
            ordered = {
                "ok": when.strftime("%Y-%m-%d %H:%M:%S"),
                "dot": when.strftime("%d.%m.%Y %H:%M"),
                "iso": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "null": None,
            }[date_p[i]]
            comment = rng.choice(COMMENTS) if rng.random() < 0.15 else None
            orders.append(
                (oid, cust_id, ordered, status, amount, make_phone(rng, phone_p[i]), comment)
            )
    return orders, items


def generate(path: Path, customers: int = 500, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the demo database to ``path`` atomically and return row counts per table."""
    rng = random.Random(seed)
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    cust = customer_rows(rng, fake, customers)
    prods = product_rows(rng)
    orders, items = order_rows(rng, cust, prods)
    tables = {"customers": cust, "products": prods, "orders": orders, "order_items": items}
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; the bundled file should be world-readable
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(SCHEMA)
            for name, rows in tables.items():
                if rows:  # an empty table (e.g. --customers 0) has no row width to bind
                    marks = ", ".join("?" * len(rows[0]))
                    con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {name: len(rows) for name, rows in tables.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .sqlite path")
    parser.add_argument("--customers", type=int, default=500, help="number of customers")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if args.customers < 0:
        parser.error("--customers must be >= 0")
    counts = generate(args.out, args.customers, args.seed)
    print(f"{args.out}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
