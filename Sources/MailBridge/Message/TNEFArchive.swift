import CYtnef
import Foundation

/// Unpacks Outlook's `winmail.dat` (TNEF, MS-OXTNEF) with libytnef, so the files inside
/// are listed instead of one opaque archive.
enum TNEFArchive {
    /// TNEF streams begin with this signature (MS-OXTNEF §2.1.3.1), little endian.
    private static let signature: [UInt8] = [0x78, 0x9F, 0x3E, 0x22]
    /// MAPI property types from ytnef's mapi.h, whose cast macros Swift does not import.
    private static let typeString8: UInt32 = 0x001E
    private static let typeUnicode: UInt32 = 0x001F
    private static let typeBinary: UInt32 = 0x0102
    /// PR_ATTACH_LONG_FILENAME and PR_ATTACH_DATA_OBJ (MS-OXPROPS).
    private static let longFilename: UInt32 = 0x3707
    private static let dataObject: UInt32 = 0x3701
    /// Larger archives are listed as they are rather than unpacked.
    static let maximumSize = 64 * 1024 * 1024

    /// Whether a part is a TNEF archive, by type, name or signature.
    static func isTNEF(_ part: MIMEPart, filename: String) -> Bool {
        let type = part.mimeType
        return type == "application/ms-tnef" || type == "application/vnd.ms-tnef"
            || filename.lowercased() == "winmail.dat"
            || part.body.starts(with: signature)
    }

    /// The files inside `data`, long file names preferred; nil when it does not parse.
    static func files(_ data: Data) -> [InboundAttachment]? {
        guard data.starts(with: signature), data.count <= maximumSize else { return nil }

        var bytes = [UInt8](data)
        var tnef = TNEFStruct()
        TNEFInitialize(&tnef)
        defer { TNEFFree(&tnef) }
        let code = bytes.withUnsafeMutableBufferPointer { buffer in
            TNEFParseMemory(buffer.baseAddress, buffer.count, &tnef)
        }
        guard code >= 0 else { return nil }

        var files: [InboundAttachment] = []
        var next = tnef.starting_attach.next
        while let attachment = next {
            if let file = file(from: attachment) { files.append(file) }
            next = attachment.pointee.next
        }
        return files
    }

    private static func file(from attachment: UnsafeMutablePointer<Attachment>)
        -> InboundAttachment?
    {
        let longName =
            property(attachment, type: typeUnicode, id: longFilename).map(unicodeText)
            ?? property(attachment, type: typeString8, id: longFilename).map(byteText)
        let title = bytes(attachment.pointee.Title).map(byteText)
        let name = [longName, title].compactMap { $0 }.first { !$0.isEmpty }

        var content = bytes(attachment.pointee.FileData) ?? []
        if content.isEmpty {
            content = property(attachment, type: typeBinary, id: dataObject) ?? []
        }
        guard name != nil || !content.isEmpty else { return nil }
        return InboundAttachment(
            filename: name ?? "attachment.bin",
            contentType: "application/octet-stream", data: Data(content))
    }

    /// A MAPI property of the attachment; ytnef answers "not found" with pointer -1.
    private static func property(
        _ attachment: UnsafeMutablePointer<Attachment>, type: UInt32, id: UInt32
    ) -> [UInt8]? {
        let found = MAPIFindProperty(&attachment.pointee.MAPI, id << 16 | type)
        guard let found, found != UnsafeMutablePointer(bitPattern: -1) else { return nil }
        return bytes(found.pointee)
    }

    private static func bytes(_ value: variableLength) -> [UInt8]? {
        guard let data = value.data, value.size > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(value.size)))
    }

    /// An 8-bit name without its NUL terminator: UTF-8, else the Polish fallback.
    private static func byteText(_ bytes: [UInt8]) -> String {
        TextDecoder.headerText(bytes.prefix { $0 != 0 })
    }

    /// A PT_UNICODE name. ytnef 2.0 converts these to UTF-8 as it parses (`to_utf8`) but
    /// keeps the old size, so bytes after the first NUL are not part of the name. A value
    /// whose text stops after one byte is still UTF-16LE.
    private static func unicodeText(_ bytes: [UInt8]) -> String {
        let utf8 = bytes.prefix { $0 != 0 }
        return utf8.count <= 1 && bytes.count > 2 ? utf16Text(bytes) : byteText(Array(utf8))
    }

    /// A UTF-16LE name without its NUL terminator.
    private static func utf16Text(_ bytes: [UInt8]) -> String {
        var units: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            if unit == 0 { break }
            units.append(unit)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}
