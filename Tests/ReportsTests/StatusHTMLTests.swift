import Foundation
import Ledger
@testable import Reports
import Testing

@Suite("Status report as an HTML page")
struct StatusHTMLTests {
    @Test("text from data is escaped: a hostile school name runs nothing")
    func escaping() throws {
        let fixture = try StatusPageFixture()

        let html = try fixture.report.html()

        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b onmouseover"))
        #expect(!html.contains("<i>&"))
        #expect(!html.contains("<pilne>"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the page's own script")
        #expect(html.contains("<td>&lt;script&gt;alert(&quot;szkoła&quot;)&lt;/script&gt; "
            + "&amp; &#39;Zespół&#39; &lt;img src=x onerror=alert(1)&gt;</td>"))
        #expect(html.contains("ZS9_ZS9_Arkusz &lt;i&gt;&amp;&quot;&#39;.xlsx"))
        #expect(html.contains("&lt;b onmouseover=alert(2)&gt;Grupa&lt;/b&gt;"))
        #expect(html.contains("<title>Stan odpowiedzi: \(fixture.id)</title>"))
    }

    @Test("escaping covers the five markup characters and control characters")
    func escapeFunction() {
        #expect(HTMLText.escape("a<b>&\"'c") == "a&lt;b&gt;&amp;&quot;&#39;c")
        #expect(HTMLText.escape("x\u{0}y\u{7F}z\tą\n") == "x\u{FFFD}y\u{FFFD}z\tą\n")
        #expect(HTMLText.escape("Łódź") == "Łódź")
    }

    @Test("the page is self-contained: no outside resources")
    func selfContained() throws {
        let fixture = try StatusPageFixture()

        let html = try fixture.report.html()
            .replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")

        for outside in ["http:", "https:", "//cdn", " src=\"", "<link", "@import", "url("] {
            #expect(!html.contains(outside), "the page names \(outside)")
        }
        #expect(html.contains("<style>"))
        #expect(html.contains("<html lang=\"pl\">"))
    }

    @Test("the page holds the figures, four charts and a row per recipient")
    func content() throws {
        let fixture = try StatusPageFixture()
        let report = try fixture.report

        let html = report.html()

        #expect(html.components(separatedBy: "<svg ").count - 1 == 4)
        let body = try #require(html.components(separatedBy: "<tbody>").last?
            .components(separatedBy: "</tbody>").first)
        #expect(body.components(separatedBy: "<tr>").count - 1 == 20)
        for row in report.rows {
            #expect(body.contains("<tr><td class=\"nowrap\">\(row.code)</td>"))
        }
        #expect(html.contains("<dt>Adresaci</dt><dd>20</dd>"))
        #expect(html.contains("<dt>Odpowiedziały</dt><dd>13 (65%)</dd>"))
        #expect(html.contains("<dt>Niedoręczone</dt><dd>2</dd>"))
        #expect(html.contains("<dt>Przypomnienia</dt><dd>4</dd>"))
        #expect(html.contains(">termin 13.11</text>"))
        #expect(html.contains("Śródmieście"))
        #expect(html.contains(">7 z 7 (100%)</text>"))
        #expect(html.contains(">4 z 7 (57%)</text>"))
        #expect(html.contains(">2 z 6 (33%)</text>"))
        #expect(html.contains(">przedszkole</text>"))
        #expect(html.contains(">2 przypomnienia</text>"))
    }

    @Test("answers by day add up to the answered recipients, deadline on its day")
    func timeline() throws {
        let fixture = try StatusPageFixture()

        let days = try fixture.report.timeline()

        #expect(days.days.first?.label == "2.11")
        #expect(days.days.last?.label == "17.11")
        #expect(days.days.map(\.answered)
            == [0, 2, 4, 7, 7, 7, 7, 8, 8, 8, 11, 12, 12, 12, 13, 13])
        #expect(days.deadlineDay.map { days.days[$0].label } == "13.11")
        #expect(days.today == 15)
        #expect(days.recipients == 20)
    }

    @Test("y axis ticks are whole numbers ending at the number of recipients",
          arguments: [(1, [0, 1]), (3, [0, 1, 2, 3]), (20, [0, 5, 10, 15, 20]),
                      (121, [0, 25, 50, 75, 100, 121])] as [(Int, [Int])])
    func ticks(top: Int, expected: [Int]) {
        #expect(TimelineChart.ticks(upTo: top) == expected)
    }

    @Test("Polish counts take the right form", arguments: [
        (1, "1 placówka"), (3, "3 placówki"), (5, "5 placówek"), (12, "12 placówek"),
        (22, "22 placówki"), (0, "0 placówek"),
    ])
    func polish(count: Int, text: String) {
        #expect(PolishNumber.count(count, "placówka", "placówki", "placówek") == text)
    }
}
