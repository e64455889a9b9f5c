/// Corpus rows the reader is known to get wrong, each with its reason. The goal is none.
enum MessageCorpusKnownMisses {
    struct Entry {
        var file: String
        var column: String
        var reason: String
    }

    static let entries: [Entry] = []
}
