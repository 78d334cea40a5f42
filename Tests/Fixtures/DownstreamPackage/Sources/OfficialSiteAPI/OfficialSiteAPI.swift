// The client in this module is generated at build time from the hyper-schema placed beside this file.
