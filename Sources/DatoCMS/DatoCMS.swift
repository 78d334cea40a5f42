@_exported import DatoCMSRuntime
