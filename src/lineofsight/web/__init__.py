"""The web application: pages and their JSON twins over the same library calls as the CLI."""
