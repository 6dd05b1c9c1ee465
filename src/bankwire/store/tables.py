"""Imports every module that declares tables, so ``create_schema`` sees them all."""
