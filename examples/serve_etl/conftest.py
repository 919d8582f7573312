pytest_plugins = ["athenakit.testing"]
