"""Every image the guides show exists, and docs/images holds no image no guide shows."""

from __future__ import annotations

from pathlib import Path

from etlx_desktop.docgen.images import image_references, referenced_images, unreferenced_images

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_every_referenced_image_exists() -> None:
    missing = [
        f"{image.relative_to(ROOT)} (in {', '.join(str(m.relative_to(ROOT)) for m in users)})"
        for image, users in referenced_images(DOCS).items()
        if not image.is_file()
    ]
    assert missing == [], "missing images; run `make docs-screenshots`: " + "; ".join(missing)


def test_every_image_in_docs_images_is_referenced() -> None:
    unused = [str(p.relative_to(ROOT)) for p in unreferenced_images(DOCS, DOCS / "images")]
    assert unused == [], f"images no guide references (delete them): {unused}"


def test_images_stay_small() -> None:
    total = sum(p.stat().st_size for p in (DOCS / "images").glob("*.png"))
    assert total < 3_000_000, f"docs/images holds {total:,} bytes"


def test_both_image_spellings_are_found(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text(
        '![A](images/a.png) and ![B](images/b.png "title")\n<img src="images/c.png" width="50%">\n'
        "![remote](https://example.org/d.png)\n",
        encoding="utf-8",
    )
    assert image_references(guide) == [
        "images/a.png",
        "images/b.png",
        "images/c.png",
        "https://example.org/d.png",
    ]
    (tmp_path / "images").mkdir()
    for name in ("a", "b", "unused"):
        (tmp_path / "images" / f"{name}.png").write_bytes(b"png")
    assert [p.name for p in unreferenced_images(tmp_path, tmp_path / "images")] == ["unused.png"]
    images = (tmp_path / "images").resolve()
    assert set(referenced_images(tmp_path)) == {images / n for n in ("a.png", "b.png", "c.png")}
