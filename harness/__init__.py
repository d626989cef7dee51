"""upgrade-harness: prove a product's schema upgrades correct on real database servers."""

__version__ = "0.1.0"
__all__ = ["__version__"]
