import Testing
import Workflows

@Suite("Reminder policy")
struct ReminderPolicyTests {
    struct Written: Sendable, CustomTestStringConvertible {
        let input: String
        let canonical: String
        var testDescription: String { input }
    }

    static let valid: [Written] = [
        Written(
            input: "-2d,0d,+3d*3 workdays 08:00-18:00",
            canonical: "-2d,0d,+3d*3 workdays 08:00-18:00"),
        Written(input: "none", canonical: "none"),
        Written(input: "  NONE ", canonical: "none"),
        Written(input: "0d", canonical: "0d"),
        Written(input: "+0d", canonical: "0d"),
        Written(input: "-7d, -1d , +1d", canonical: "-7d,-1d,+1d"),
        Written(input: "08:00-18:00 workdays -2d,0d", canonical: "-2d,0d workdays 08:00-18:00"),
        Written(input: "+2d*5 at 7:30", canonical: "+2d*5 at 07:30"),
        Written(input: "-1d,+1d*1", canonical: "-1d,+1d"),
        Written(input: "0D,+3D*2 WORKDAYS AT 10:15", canonical: "0d,+3d*2 workdays at 10:15"),
        Written(input: "-3d 10:00-16:00", canonical: "-3d 10:00-16:00"),
        Written(input: "-366d,+366d", canonical: "-366d,+366d"),
        Written(input: "0d,+1d*30", canonical: "0d,+1d*30"),
    ]

    @Test("a written policy reads to its canonical form and back", arguments: valid)
    func roundTrip(_ written: Written) throws {
        let policy = try ReminderPolicy(parsing: written.input)

        let again = try ReminderPolicy(parsing: policy.description)

        #expect(policy.description == written.canonical)
        #expect(again == policy)
    }

    @Test("the department default is -2d,0d,+3d*3 workdays 08:00-18:00, due at 09:00")
    func departmentDefault() throws {
        let parsed = try ReminderPolicy(parsing: "-2d,0d,+3d*3 workdays 08:00-18:00")

        let policy = ReminderPolicy.departmentDefault

        #expect(policy == parsed)
        #expect(policy.dayOffsets == [-2, 0, 3, 6, 9])
        #expect(policy.workdaysOnly)
        #expect(policy.dueTime.description == "09:00")
        #expect(!policy.isNone)
    }

    @Test("none has no offsets")
    func none() throws {
        let policy = try ReminderPolicy(parsing: "none")

        #expect(policy.isNone)
        #expect(policy.dayOffsets.isEmpty)
        #expect(policy == ReminderPolicy.none)
    }

    @Test("the due time defaults to 09:00, or the window's start when 09:00 is outside")
    func dueTime() throws {
        let plain = try ReminderPolicy(parsing: "0d")
        let late = try ReminderPolicy(parsing: "0d 10:00-16:00")
        let early = try ReminderPolicy(parsing: "0d 06:00-08:30")
        let written = try ReminderPolicy(parsing: "0d 10:00-16:00 at 15:59")

        #expect(plain.dueTime.description == "09:00")
        #expect(late.dueTime.description == "10:00")
        #expect(early.dueTime.description == "06:00")
        #expect(written.dueTime.description == "15:59")
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        let input: String
        let kind: ReminderPolicyError.Kind
        let token: String
        var testDescription: String { input.isEmpty ? "(empty)" : input }
    }

    static let invalid: [Refused] = [
        Refused(input: "", kind: .empty, token: ""),
        Refused(input: "   ", kind: .empty, token: ""),
        Refused(input: "-2d,0d,+3x", kind: .badOffset, token: "+3x"),
        Refused(input: "2d", kind: .badOffset, token: "2d"),
        Refused(input: "-2d,,0d", kind: .badOffset, token: ""),
        Refused(input: "+d", kind: .badOffset, token: "+d"),
        Refused(input: "0d,-2d", kind: .notIncreasing, token: "-2d"),
        Refused(input: "0d,0d", kind: .notIncreasing, token: "0d"),
        Refused(input: "+3d,+3d*2", kind: .notIncreasing, token: "+3d*2"),
        Refused(input: "+3d*2,+9d", kind: .repeatNotLast, token: "+9d"),
        Refused(input: "-3d*2", kind: .badRepeat, token: "-3d*2"),
        Refused(input: "+3d*0", kind: .badRepeat, token: "+3d*0"),
        Refused(input: "+0d*3", kind: .badRepeat, token: "+0d*3"),
        Refused(input: "+3d*", kind: .badRepeat, token: "+3d*"),
        Refused(input: "+367d", kind: .outOfRange, token: "+367d"),
        Refused(input: "+1d*31", kind: .outOfRange, token: "+1d*31"),
        Refused(input: "+30d*20", kind: .outOfRange, token: "+30d*20"),
        Refused(input: "0d weekdays", kind: .unknownToken, token: "weekdays"),
        Refused(input: "0d 09:00", kind: .missingTime, token: "09:00"),
        Refused(input: "0d at", kind: .missingTime, token: "at"),
        Refused(input: "0d at 9h", kind: .badTime, token: "9h"),
        Refused(input: "0d at 24:00", kind: .badTime, token: "24:00"),
        Refused(input: "0d 18:00-08:00", kind: .badWindow, token: "18:00-08:00"),
        Refused(input: "0d 08:00-25:00", kind: .badWindow, token: "08:00-25:00"),
        Refused(input: "0d 08:00-18:00 at 18:00", kind: .timeOutsideWindow, token: "at 18:00"),
        Refused(input: "0d workdays workdays", kind: .duplicate, token: "workdays"),
        Refused(input: "0d +1d", kind: .duplicate, token: "+1d"),
        Refused(input: "0d at 09:00 at 10:00", kind: .duplicate, token: "at 10:00"),
        Refused(input: "workdays 08:00-18:00", kind: .noOffsets, token: ""),
        Refused(input: "none workdays", kind: .noneWithOthers, token: "workdays"),
        Refused(input: "0d none", kind: .noneWithOthers, token: "none"),
    ]

    @Test("a wrong policy is refused naming the offending token", arguments: invalid)
    func refused(_ refused: Refused) {
        #expect(throws: ReminderPolicyError(refused.kind, token: refused.token)) {
            try ReminderPolicy(parsing: refused.input)
        }
    }

    @Test("a refusal reads as one line quoting the token")
    func oneLine() {
        let error = ReminderPolicyError(.badOffset, token: "+3x")

        let text = error.description

        #expect(!text.contains("\n"))
        #expect(text.contains("\"+3x\""))
        #expect(text.hasPrefix("reminder policy"))
    }

    @Test("the memberwise initialiser checks as the parser does")
    func memberwise() throws {
        #expect(throws: ReminderPolicyError(.notIncreasing, token: "0d")) {
            try ReminderPolicy(offsets: [0, 0])
        }
        #expect(throws: ReminderPolicyError(.notIncreasing, token: "+2d*3")) {
            try ReminderPolicy(offsets: [0, 5], repetition: .init(every: 2, times: 3))
        }

        let policy = try ReminderPolicy(
            offsets: [-1], repetition: .init(every: 2, times: 1), workdaysOnly: true)

        #expect(policy.description == "-1d,+2d workdays")
    }
}

@Suite("Reminder policy errors as docs/REMINDERS.md shows them")
struct ReminderPolicyDocumentedErrorTests {
    @Test(
        "the documented refusals read word for word",
        arguments: [
            (
                "-2d,0d,+3x",
                #"reminder policy: "+3x" is not a day offset (-Nd, 0d, +Nd) or a repeat (+Nd*K)"#
            ),
            (
                "0d,-2d",
                #"reminder policy: "-2d" is not later than the offset before it "#
                    + "(write offsets in increasing order)"
            ),
            (
                "0d 08:00-18:00 at 18:00",
                #"reminder policy: "at 18:00" lies outside the time window"#
            ),
        ])
    func documented(input: String, line: String) {
        #expect(throws: ReminderPolicyError.self) { try ReminderPolicy(parsing: input) }
        do {
            _ = try ReminderPolicy(parsing: input)
        } catch {
            #expect(error.description == line)
        }
    }
}
