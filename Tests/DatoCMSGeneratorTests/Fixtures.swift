/// Small inline hyper-schemas in DatoCMS's dialect.
enum Fixtures {
    /// Four resources exercising the translation rules:
    /// - `item`: free-form attributes (generic record), `$ref` chains, links with a query, an optional
    ///   body, jobs and a to-many bulk body;
    /// - `item_type`: typed attributes of every shape, and an `update` link with a JSON:API body;
    /// - `field`: two path IDs, and two links sharing a `rel`;
    /// - `plugin`: reuses `item`'s meta through a chain of `$ref`s.
    static let library: String = #"""
        {
          "title": "Test API",
          "description": "A small API for tests.",
          "definitions": {
            "item": {
              "title": "Record",
              "type": "object",
              "definitions": {
                "id": {"type": "string", "description": "The record's ID."},
                "identity": {"$ref": "#/definitions/item/definitions/id"},
                "type": {"type": "string", "pattern": "^item$"},
                "data": {
                  "type": "object",
                  "properties": {"type": {"$ref": "#/definitions/item/definitions/type"}, "id": {"$ref": "#/definitions/item/definitions/id"}},
                  "required": ["type", "id"]
                },
                "attributes": {"type": "object", "description": "Field values."},
                "meta": {
                  "type": "object",
                  "description": "Record meta.",
                  "properties": {
                    "created_at": {"type": "string", "format": "date-time"},
                    "status": {"type": ["string", "null"], "enum": ["draft", "published"]}
                  },
                  "required": ["created_at", "status"]
                }
              },
              "properties": {
                "id": {"$ref": "#/definitions/item/definitions/id"},
                "type": {"$ref": "#/definitions/item/definitions/type"},
                "attributes": {"$ref": "#/definitions/item/definitions/attributes"},
                "relationships": {
                  "type": "object",
                  "properties": {
                    "item_type": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item_type/definitions/data"}}, "required": ["data"]}
                  },
                  "required": ["item_type"]
                },
                "meta": {"$ref": "#/definitions/item/definitions/meta"}
              },
              "required": ["id", "type", "attributes", "relationships", "meta"],
              "links": [
                {
                  "rel": "instances", "method": "GET", "href": "/items", "title": "List records",
                  "hrefSchema": {
                    "type": "object",
                    "properties": {
                      "filter[ids]": {"type": "string", "description": "Comma-separated IDs."},
                      "page[limit]": {"type": "integer"}
                    }
                  },
                  "targetSchema": {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/item"}}},
                    "required": ["data"]
                  }
                },
                {
                  "rel": "self", "method": "GET", "href": "/items/{(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}",
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item"}}, "required": ["data"]}
                },
                {
                  "rel": "create", "method": "POST", "href": "/items",
                  "schema": {
                    "type": "object",
                    "properties": {
                      "data": {
                        "type": "object",
                        "properties": {
                          "type": {"$ref": "#/definitions/item/definitions/type"},
                          "attributes": {"$ref": "#/definitions/item/definitions/attributes"},
                          "relationships": {
                            "type": "object",
                            "properties": {
                              "item_type": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item_type/definitions/data"}}, "required": ["data"]}
                            },
                            "required": ["item_type"]
                          }
                        },
                        "required": ["type", "attributes", "relationships"]
                      }
                    },
                    "required": ["data"]
                  },
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item"}}, "required": ["data"]}
                },
                {
                  "rel": "publish", "method": "PUT", "href": "/items/{(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}/publish",
                  "schema": {
                    "type": ["object", "null"],
                    "properties": {
                      "data": {
                        "type": "object",
                        "properties": {
                          "type": {"type": "string", "pattern": "^selective_publish_operation$"},
                          "attributes": {
                            "type": "object",
                            "properties": {"content_in_locales": {"type": "array", "items": {"type": "string"}}},
                            "required": ["content_in_locales"]
                          }
                        },
                        "required": ["type", "attributes"]
                      }
                    },
                    "required": ["data"]
                  },
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item"}}, "required": ["data"]}
                },
                {
                  "rel": "destroy", "method": "DELETE", "href": "/items/{(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}",
                  "targetSchema": {"type": "object", "properties": {"data": {"type": "object", "properties": {"id": {"type": "string"}, "type": {"type": "string", "pattern": "^job$"}}}}},
                  "jobSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item"}}, "required": ["data"]}
                },
                {
                  "rel": "bulk_publish", "method": "POST", "href": "/items/bulk/publish",
                  "schema": {
                    "type": "object",
                    "properties": {
                      "data": {
                        "type": "object",
                        "properties": {
                          "type": {"type": "string", "pattern": "^item_bulk_publish_operation$"},
                          "relationships": {
                            "type": "object",
                            "properties": {
                              "items": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/item/definitions/data"}}}, "required": ["data"]}
                            },
                            "required": ["items"]
                          }
                        },
                        "required": ["type", "relationships"]
                      }
                    },
                    "required": ["data"]
                  },
                  "jobSchema": {
                    "type": "object",
                    "properties": {"meta": {"type": "object", "properties": {"successful": {"type": "integer"}}, "required": ["successful"]}},
                    "required": ["meta"]
                  }
                }
              ]
            },
            "item_type": {
              "type": "object",
              "definitions": {
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/item_type/definitions/id"},
                "type": {"type": "string", "pattern": "^item_type$"},
                "data": {
                  "type": "object",
                  "properties": {"type": {"$ref": "#/definitions/item_type/definitions/type"}, "id": {"$ref": "#/definitions/item_type/definitions/id"}},
                  "required": ["type", "id"]
                },
                "status": {
                  "type": "string",
                  "description": "Publication status.",
                  "enum": ["draft", "published", "not_used"],
                  "enumDescription": {"draft": "Never published", "published": "Live"}
                },
                "name": {"type": "string", "description": "Display name.", "example": "Blog post"}
              },
              "properties": {
                "id": {"$ref": "#/definitions/item_type/definitions/id"},
                "type": {"$ref": "#/definitions/item_type/definitions/type"},
                "attributes": {
                  "type": "object",
                  "properties": {
                    "name": {"$ref": "#/definitions/item_type/definitions/name"},
                    "api_key": {"type": ["null", "string"]},
                    "hint": {"type": "string"},
                    "default": {"type": "string"},
                    "status": {"$ref": "#/definitions/item_type/definitions/status"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "settings": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "value": {"type": ["string", "number", "null"]},
                    "owner": {"anyOf": [{"$ref": "#/definitions/item/definitions/data"}, {"$ref": "#/definitions/item_type/definitions/data"}]},
                    "shape": {"anyOf": [
                      {"type": "object", "properties": {"width": {"type": "integer"}}},
                      {"type": "object", "properties": {"label": {"type": "string"}}}
                    ]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "position": {"type": "number"}
                  },
                  "required": ["name", "api_key", "default", "status", "created_at", "value", "owner", "shape", "tags"]
                }
              },
              "required": ["id", "type", "attributes"],
              "links": [
                {
                  "rel": "update", "method": "PATCH", "href": "/item-types/{(%2Fschemata%2Fitem_type%23%2Fdefinitions%2Fitem_type%2Fdefinitions%2Fidentity)}",
                  "schema": {
                    "type": "object",
                    "properties": {
                      "data": {
                        "type": "object",
                        "properties": {
                          "type": {"$ref": "#/definitions/item_type/definitions/type"},
                          "id": {"$ref": "#/definitions/item_type/definitions/id"},
                          "attributes": {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "api_key": {"type": "string"}},
                            "required": ["name"]
                          },
                          "relationships": {
                            "type": "object",
                            "properties": {
                              "fields": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/field/definitions/data"}}}},
                              "ordering_field": {"type": "object", "properties": {"data": {"anyOf": [{"$ref": "#/definitions/field/definitions/data"}, {"type": "null"}]}}}
                            }
                          }
                        },
                        "required": ["type", "id", "attributes"]
                      }
                    },
                    "required": ["data"]
                  },
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/item_type"}}, "required": ["data"]}
                }
              ]
            },
            "field": {
              "type": "object",
              "definitions": {
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/field/definitions/id"},
                "type": {"type": "string", "pattern": "^field$"},
                "data": {
                  "type": "object",
                  "properties": {"type": {"$ref": "#/definitions/field/definitions/type"}, "id": {"$ref": "#/definitions/field/definitions/id"}},
                  "required": ["type", "id"]
                }
              },
              "properties": {
                "id": {"$ref": "#/definitions/field/definitions/id"},
                "type": {"$ref": "#/definitions/field/definitions/type"},
                "label": {"type": "string"}
              },
              "required": ["id", "type", "label"],
              "links": [
                {
                  "rel": "self", "method": "GET",
                  "href": "/item-types/{(%2Fschemata%2Fitem_type%23%2Fdefinitions%2Fitem_type%2Fdefinitions%2Fidentity)}/fields/{(%2Fschemata%2Ffield%23%2Fdefinitions%2Ffield%2Fdefinitions%2Fidentity)}",
                  "hrefSchema": {"type": "object", "properties": {"nested": {"type": "boolean"}}},
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/field"}}}
                },
                {
                  "rel": "self", "method": "DELETE",
                  "href": "/fields/{(%2Fschemata%2Ffield%23%2Fdefinitions%2Ffield%2Fdefinitions%2Fidentity)}"
                }
              ]
            },
            "plugin": {
              "type": "object",
              "properties": {
                "id": {"type": "string"},
                "meta": {"$ref": "#/definitions/item/properties/meta"}
              },
              "required": ["id"]
            }
          }
        }
        """#

    /// Property names, keys and enum values that are awkward in Swift, for the syntax check.
    static let oddNames: String = #"""
        {
          "title": "Odd API",
          "definitions": {
            "widget": {
              "type": "object",
              "definitions": {
                "identity": {"type": "string"},
                "type": {"type": "string", "pattern": "^widget$"},
                "kind": {
                  "type": "string",
                  "enum": ["not_used", "-", "default", "class", "self", "Self", "init", "1st", "", "in", "Type", "protocol"],
                  "enumDescription": {"not_used": "Not used */ at all", "-": "A dash"}
                }
              },
              "properties": {
                "id": {"$ref": "#/definitions/widget/definitions/identity"},
                "type": {"$ref": "#/definitions/widget/definitions/type"},
                "attributes": {
                  "type": "object",
                  "properties": {
                    "default": {"type": "string", "description": "Line one\nline two with \"quotes\" and a backslash \\"},
                    "class": {"type": ["string", "null"]},
                    "protocol": {"type": "integer"},
                    "in": {"type": "boolean"},
                    "self": {"type": "string"},
                    "Self": {"type": "string"},
                    "init": {"type": "string"},
                    "Type": {"type": "string"},
                    "statusText": {"type": "string"},
                    "3d_model": {"type": "string"},
                    "filter[ids]": {"type": "string"},
                    "kind": {"$ref": "#/definitions/widget/definitions/kind"},
                    "var": {"type": "string"},
                    "let": {"type": "string"},
                    "inout": {"type": "string"},
                    "as": {"type": "string"},
                    "func": {"type": "string"},
                    "\"quoted\\": {"type": "string"}
                  },
                  "required": ["default"]
                }
              },
              "required": ["id", "type", "attributes"],
              "links": [
                {
                  "rel": "instances", "method": "GET", "href": "/widgets",
                  "hrefSchema": {
                    "type": "object",
                    "properties": {
                      "filter[ids]": {"type": "string"},
                      "page[limit]": {"type": "integer"},
                      "default": {"type": "string"},
                      "class": {"$ref": "#/definitions/widget/definitions/kind"},
                      "in": {"type": "boolean"},
                      "var": {"type": "string"}
                    }
                  },
                  "targetSchema": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/widget"}}}}
                },
                {
                  "rel": "update", "method": "PUT", "href": "/widgets/{(%2Fschemata%2Fwidget%23%2Fdefinitions%2Fwidget%2Fdefinitions%2Fidentity)}",
                  "schema": {
                    "type": "object",
                    "properties": {
                      "data": {
                        "type": "object",
                        "properties": {
                          "type": {"$ref": "#/definitions/widget/definitions/type"},
                          "id": {"$ref": "#/definitions/widget/definitions/identity"},
                          "attributes": {
                            "type": "object",
                            "properties": {
                              "default": {"type": "string"},
                              "class": {"type": "string"},
                              "in": {"type": "integer"},
                              "let": {"type": "string"},
                              "kind": {"$ref": "#/definitions/widget/definitions/kind"}
                            }
                          }
                        },
                        "required": ["type", "id"]
                      }
                    },
                    "required": ["data"]
                  },
                  "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/widget"}}}
                },
                {
                  "rel": "default", "method": "DELETE",
                  "href": "/widgets/{(%2Fschemata%2Fwidget%23%2Fdefinitions%2Fwidget%2Fdefinitions%2Fidentity)}"
                },
                {
                  "rel": "protocol", "method": "POST",
                  "href": "/widgets/{(%2Fschemata%2Fwidget%23%2Fdefinitions%2Fwidget%2Fdefinitions%2Fidentity)}/protocol",
                  "schema": {"type": "object", "properties": {"in": {"type": "string"}, "self": {"type": "integer"}}}
                }
              ]
            },
            "3d_model": {
              "type": "object",
              "properties": {"default": {"type": "string"}, "class": {"type": "integer"}},
              "links": [{"rel": "self", "method": "GET", "href": "/3d-models"}]
            }
          }
        }
        """#
}
