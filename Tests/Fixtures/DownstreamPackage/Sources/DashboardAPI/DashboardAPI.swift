// The client in this module is generated at build time from dashboard.hyperschema.json.
