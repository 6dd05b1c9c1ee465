.PHONY: check format lint type test slow bench

check: format lint type test

format:
	ruff format src tests bench

lint:
	ruff check src tests bench

type:
	mypy

test:
	python -m pytest -q

slow:
	python -m pytest -q -m slow
