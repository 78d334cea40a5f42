@_exported import DatoCMSRuntime

// The DatoCMS module: the client generated at build time from Schema/cma-hyperschema.json
// (see the DatoCMSGeneratorPlugin), plus the few hand-written helpers in this folder.
