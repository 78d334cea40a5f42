import Foundation

/// The value of a `date` field: a day with no time or time zone, `"YYYY-MM-DD"` on the wire.
///
/// A `Date` is an instant, and which day it falls on depends on the time zone; a `date` field is
/// the day itself, so it gets its own type. Only real days exist: ``init(_:)`` answers `nil` for
/// `"2026-02-30"`, and decoding one is a `DecodingError`. (Swift reads `CalendarDate("…")` with a
/// literal argument as the literal itself, which stops the program when it is not a real day;
/// text from elsewhere goes through the failable initializer.)
///
/// ```swift
/// var event = Event(day: "2026-12-01")
/// event.day = CalendarDate(Date(), in: TimeZone(identifier: "Europe/Rome")!)
/// ```
public struct CalendarDate: Codable, Hashable, Comparable, Sendable, LosslessStringConvertible, ExpressibleByStringLiteral {
    /// The year, 0 through 9999 (four digits on the wire).
    public let year: Int
    /// The month, 1 through 12.
    public let month: Int
    /// The day of the month, 1 through 28…31.
    public let day: Int

    /// The day, or `nil` when there is no such day (month 13, February 30, year 10000…).
    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `"YYYY-MM-DD"` exactly (no other spelling); `nil` otherwise.
    public init?(_ description: String) {
        let bytes = Array(description.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index]) - 48
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// A literal day, `"2026-12-01"`. Not a real day is a programming error and stops the program,
    /// as a bad literal should; use ``init(_:)`` for text from elsewhere.
    public init(stringLiteral value: String) {
        guard let date = CalendarDate(value) else { preconditionFailure("\"\(value)\" is not a day in the form YYYY-MM-DD") }
        self = date
    }

    /// The day `instant` falls on in `timeZone` (Gregorian calendar).
    public init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    /// The instant the day starts in `timeZone` (Gregorian calendar).
    public func startDate(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// `"YYYY-MM-DD"`, as the API writes it.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Earlier days first.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Reads `"YYYY-MM-DD"`; anything else (another form, a day that does not exist) is a
    /// `DecodingError` at this value's path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a day in the form YYYY-MM-DD")
        }
        self = date
    }

    /// Writes `"YYYY-MM-DD"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
