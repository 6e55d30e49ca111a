"""SiapNilai the application: settings, the store, services, the composition root and the CLI."""
