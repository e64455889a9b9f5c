import Foundation
public enum MessageInspection { public static func json(_ m: InboundMessage) -> String { "" }
    public static func text(_ m: InboundMessage) -> String { "" } }
