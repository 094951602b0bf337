"""The convention's PDF (`convention.py`) and the layout every Maillage PDF shares (`layout.py`)."""

from conventions.pdf.convention import convention_pdf

__all__ = ["convention_pdf"]
