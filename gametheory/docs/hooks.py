"""MkDocs hooks of the documentation site (``mkdocs.yml``): no MkDocs import at module level.

The derivations (``derivations/*.md``) and the figures they show (``figures/*.png``) are the
package's generated outputs; rather than copying them into the documentation sources, they are
added to the site at build time under the same relative paths, so that a derivation's link
``../figures/NAME.png`` resolves in the site exactly as in the repository.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def on_config(config, **kwargs):
    """The "Derivations" section of the navigation lists every ``derivations/*.md``."""
    pages = [f"derivations/{p.name}" for p in sorted((ROOT / "derivations").glob("*.md"))]
    for k, entry in enumerate(config["nav"] or []):
        if isinstance(entry, dict) and "Derivations" in entry:
            config["nav"][k] = {"Derivations": pages}
    return config


def on_files(files, config, **kwargs):
    """Add ``derivations/*.md`` and ``figures/*.png`` to the site's files."""
    from mkdocs.structure.files import File

    for folder, pattern in (("derivations", "*.md"), ("figures", "*.png")):
        for path in sorted((ROOT / folder).glob(pattern)):
            uri = f"{folder}/{path.name}"
            if files.get_file_from_path(uri) is None:
                content = path.read_text(encoding="utf-8") if path.suffix == ".md" else path.read_bytes()
                files.append(File.generated(config, uri, content=content))
    return files
