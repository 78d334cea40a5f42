/// The contract table: one group per area of the API, each in its own file.
enum Contracts {
    static let all: [Contract] = records + schema + uploads + project + access + integrations + webhooks
}
