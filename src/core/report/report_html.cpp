#include "core/report/report_html.hpp"

#include "core/paths.hpp"
#include "core/report/report_text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace examsim::core {

std::string htmlPageStart(const std::string& title, const std::string& css) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
        "<style>\n{}</style>\n</head>\n<body>\n",
        htmlEscape(title), css);
}

std::string htmlPageEnd() {
    return fmt::format("<footer>ExamSim 20000 {}: self-reported practice records, not "
                       "certificates.</footer>\n</body>\n</html>\n",
                       htmlEscape(versionString()));
}

std::string htmlBar(double percent, double passMarkPercent) {
    const double p = std::clamp(percent, 0.0, 100.0);
    const bool good = passMarkPercent < 0 || percent >= passMarkPercent;
    std::string out = fmt::format("<div class=\"bar\"><div class=\"fill {}\" style=\"width:{:.1f}%\"></div>",
                                  good ? "ok" : "low", p);
    if (passMarkPercent >= 0)
        out += fmt::format("<div class=\"mark\" style=\"left:{:.1f}%\"></div>",
                           std::clamp(passMarkPercent, 0.0, 100.0));
    return out + "</div>";
}

std::string heatColour(double share) {
    const double s = std::clamp(share, 0.0, 1.0);
    return fmt::format("hsl({:.0f},70%,{:.0f}%)", 120 * s, 80 - 5 * s);
}

std::string htmlCreditLedger(const CreditLedger& ledger) {
    std::string out = "<section class=\"ledger\">\n<h2>Credit ledger (ITIL Expert credit equivalents)</h2>\n";
    if (ledger.entries.empty()) {
        out += "<p>No pass that carries a credit equivalent yet.</p>\n";
    } else {
        out += "<table>\n<thead><tr><th>Level</th><th>Profile</th><th>Passed</th><th>Score</"
               "th><th>Equivalent</th>"
               "<th>Counted</th></tr></thead>\n<tbody>\n";
        for (const auto& e : ledger.entries)
            out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1f} %</td><td "
                               "class=\"num\">{}</td>"
                               "<td class=\"num\">{}</td></tr>\n",
                               htmlEscape(e.level), htmlEscape(e.profileTitle), isoDate(e.passedAt),
                               e.percent, formatNumber(e.equivalent),
                               e.repeat ? "0 (repeated pass)" : formatNumber(e.earned));
        out += fmt::format("</tbody>\n<tfoot><tr><th colspan=\"5\">Total</th><th "
                           "class=\"num\">{}</th></tr></tfoot>\n</table>\n",
                           formatNumber(ledger.total));
    }
    out += fmt::format("<p class=\"summary\">{}</p>\n<ul class=\"caveats\">\n",
                       htmlEscape(creditSummary(ledger)));
    for (const auto& c : creditCaveats()) out += "<li>" + htmlEscape(c) + "</li>\n";
    return out + "</ul>\n</section>\n";
}

} // namespace examsim::core
