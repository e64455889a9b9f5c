import CXML2
import Foundation

/// A pull reader over one XML part of a zip, built on libxml2's xmlTextReader
/// (https://gnome.pages.gitlab.gnome.org/libxml2/devhelp/libxml2-xmlreader.html).
/// Untrusted input rules: no network, no DTD loading, no entity substitution, and a
/// DOCTYPE anywhere ends the read. Parse errors are collected, never printed.
///
/// Not Sendable: the handle belongs to the read that made it.
final class XMLStreamReader {
    /// What the current node is.
    enum Kind {
        case element, endElement, text, other
    }

    private let reader: OpaquePointer
    private let stream: ZipEntryStream
    private let part: String
    fileprivate var firstError: String?

    /// Starts reading `stream`, the inflated part `part`.
    /// - Throws: `SheetFailure` (not a workbook) when libxml2 cannot start a reader.
    init(stream: ZipEntryStream, part: String) throws {
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let context = Unmanaged.passUnretained(stream).toOpaque()
        // Errors outside any reader go to the thread's structured handler; keep them quiet.
        xmlSetStructuredErrorFunc(nil, ignoreError)
        guard let reader = xmlReaderForIO(readStream, nil, context, nil, nil, options) else {
            throw SheetFailure.damaged("cannot start an XML reader for \(part)")
        }
        self.reader = reader
        self.stream = stream
        self.part = part
        xmlTextReaderSetStructuredErrorHandler(
            reader, recordError, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// Moves to the next node; `false` at the end of the document.
    /// - Throws: `SheetFailure`: too large when inflating passed a limit, not a workbook on
    ///   malformed XML or a DOCTYPE.
    func read() throws -> Bool {
        let result = xmlTextReaderRead(reader)
        if let failure = stream.failure { throw failure }
        guard result >= 0 else {
            let detail = firstError.map { ": \($0)" } ?? ""
            throw SheetFailure.damaged("\(part) is not well-formed XML\(detail)")
        }
        guard result == 1 else { return false }

        if xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
            throw SheetFailure.damaged("\(part) has a DOCTYPE, which workbooks never need")
        }
        return true
    }

    /// The kind of the current node.
    var kind: Kind {
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue): .element
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue): .endElement
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
            Int32(XML_READER_TYPE_WHITESPACE.rawValue),
            Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
            .text
        default: .other
        }
    }

    /// Whether the current element is written `<x/>` (no end element follows).
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The nesting depth of the current node.
    var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// Whether the current node's local name (prefix ignored) is `name`.
    func nameIs(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return Self.equal(local, name)
    }

    /// The current node's local name.
    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// The current element's namespace URI.
    var namespace: String {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
    }

    /// The text of the current text node.
    var text: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// Calls `body` with each attribute's local name, namespace URI and value; the
    /// pointers are valid only during the call.
    func forEachAttribute(
        _ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>?, UnsafePointer<UInt8>) -> Void
    ) {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }

        repeat {
            if let name = xmlTextReaderConstLocalName(reader),
                let value = xmlTextReaderConstValue(reader)
            {
                body(name, xmlTextReaderConstNamespaceUri(reader), value)
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
    }

    /// The value of the attribute with local name `name` in no namespace, or in any
    /// namespace when `anyNamespace` is set.
    func attribute(_ name: StaticString, anyNamespace: Bool = false) -> String? {
        var found: String?
        forEachAttribute { local, namespace, value in
            guard found == nil, Self.equal(local, name) else { return }
            if anyNamespace || namespace == nil {
                found = String(cString: value)
            }
        }
        return found
    }

    /// Whether the current element carries `xml:space="preserve"`.
    var preservesSpace: Bool {
        var preserve = false
        forEachAttribute { local, namespace, value in
            if Self.equal(local, "space"), let namespace,
                Self.equal(namespace, "http://www.w3.org/XML/1998/namespace")
            {
                preserve = Self.equal(value, "preserve")
            }
        }
        return preserve
    }

    /// Whether a NUL-terminated libxml2 string equals `name`.
    static func equal(_ text: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let expected = name.utf8Start
        for offset in 0..<count where text[offset] != expected[offset] {
            return false
        }
        return text[count] == 0
    }
}

/// libxml2's input callback: inflates the next chunk from the zip entry in `context`.
private func readStream(
    _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32
) -> Int32 {
    guard let context else { return -1 }
    let stream = Unmanaged<ZipEntryStream>.fromOpaque(context).takeUnretainedValue()
    return Int32(stream.read(into: buffer, count: Int(length)))
}

private func recordError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let reader = Unmanaged<XMLStreamReader>.fromOpaque(context).takeUnretainedValue()
    guard reader.firstError == nil else { return }

    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown parse error"
    let line = error.pointee.line
    reader.firstError =
        "line \(line): "
        + message.trimmingCharacters(in: .whitespacesAndNewlines)
}

private func ignoreError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {}
