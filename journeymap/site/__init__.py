"""The static site of every map under a folder: index, journey architecture, pages across journeys, portfolio.json."""
