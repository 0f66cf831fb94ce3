#include "core/paper_html.hpp"

#include "core/answer_input.hpp"
#include "core/scoring.hpp"

#include <fmt/format.h>

namespace examsim::core {

namespace {

std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// Bank text keeps blank lines between paragraphs and single newlines as line breaks.
std::string paragraphs(const std::string& text) {
    std::string out = "<p>";
    const std::string e = esc(text);
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (e[i] == '\n' && i + 1 < e.size() && e[i + 1] == '\n') {
            out += "</p><p>";
            while (i + 1 < e.size() && e[i + 1] == '\n') ++i;
        } else if (e[i] == '\n') {
            out += "<br>";
        } else {
            out += e[i];
        }
    }
    return out + "</p>";
}

constexpr const char* kStyle = R"CSS(
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.35; max-width: 180mm; margin: 0 auto; color: #000; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; }
.meta { font-size: 10pt; } .fields { margin: 4mm 0; } .fields span { display: inline-block; min-width: 80mm; border-bottom: 1px solid #000; margin-right: 6mm; }
.instructions { border: 1px solid #000; padding: 2mm 4mm; margin: 4mm 0; }
.case { border-left: 3px solid #000; padding-left: 4mm; margin: 5mm 0; }
.question { break-inside: avoid; page-break-inside: avoid; margin: 4mm 0; }
.question .qhead { font-weight: bold; } .qid { font-weight: normal; font-family: monospace; font-size: 9pt; }
ol.letters, ol.numbers { margin: 1mm 0 1mm 4mm; padding-left: 6mm; } ol.letters { list-style: upper-alpha; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; font-size: 10pt; }
td.box { width: 45mm; } td.id, td.key { font-family: monospace; }
.sheet { break-before: page; page-break-before: always; }
@page { size: A4; margin: 15mm; }
@media screen { body { margin: 10mm auto; } }
)CSS";

std::string head(const std::string& title) {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                       "charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
                       esc(title), kStyle);
}

std::string paperLine(const Paper& paper, const ExamProfile& profile) {
    std::string s = fmt::format("{} questions, {:g} marks", paper.items.size(), paper.totalMarks());
    if (profile.timeLimitMinutes > 0) s += fmt::format(", {} minutes", profile.timeLimitMinutes);
    if (profile.passMarkPercent > 0) s += fmt::format(", pass mark {:g} %", profile.passMarkPercent);
    s += profile.openBook ? ", open book" : ", closed book";
    return s + fmt::format(". Paper {} seed {}.", esc(profile.id), paper.seed);
}

std::string lettered(const std::vector<Choice>& choices, const std::vector<int>& order) {
    std::string s = "<ol class=\"letters\">";
    for (int k : order) s += "<li>" + esc(choices[static_cast<std::size_t>(k)].text) + "</li>";
    return s + "</ol>\n";
}

std::string questionBody(const PaperItem& item) {
    const Question& q = item.question;
    std::string s = paragraphs(q.stem);
    switch (q.type) {
    case QuestionType::Single:
        s += lettered(q.options, item.optionOrder);
        break;
    case QuestionType::Multiple:
        s += lettered(q.options, item.optionOrder);
        s += fmt::format("<p><em>Choose {}.</em></p>\n", q.keyIds.size());
        break;
    case QuestionType::TrueFalse:
        s += "<p><em>True or false?</em></p>\n";
        break;
    case QuestionType::AssertionReason:
        s += "<p><strong>Assertion:</strong> " + esc(q.assertion) + "<br><strong>Reason:</strong> " +
             esc(q.reason) + "</p>\n";
        s += "<ol class=\"letters\">";
        for (const auto& c : kAssertionReasonChoices) s += "<li>" + esc(std::string(c)) + "</li>";
        s += "</ol>\n";
        break;
    case QuestionType::Matching:
        s += "<ol class=\"numbers\">";
        for (int k : item.premiseOrder)
            s += "<li>" + esc(q.premises[static_cast<std::size_t>(k)].text) + "</li>";
        s += "</ol>\n" + lettered(q.options, item.optionOrder) +
             "<p><em>Match each number to a letter.</em></p>\n";
        break;
    case QuestionType::Sequencing:
        s += lettered(q.items, item.itemOrder) + "<p><em>Write the letters in the correct order.</em></p>\n";
        break;
    }
    return s;
}

std::string marksText(double marks) {
    return marks == 1 ? "1 mark" : fmt::format("{:g} marks", marks);
}

std::string referencesText(const Question& q) {
    std::string s;
    for (const auto& r : q.references) {
        if (!s.empty()) s += "; ";
        s += r.standard + (r.part.empty() ? "" : "-" + r.part) +
             (r.edition ? fmt::format(":{}", r.edition) : "") + " clause " + r.clause;
        if (!r.note.empty()) s += " (" + r.note + ")";
    }
    return s;
}

} // namespace

std::string paperHtml(const Paper& paper, const ExamProfile& profile) {
    std::string s = head(profile.title + " - paper");
    s += "<h1>" + esc(profile.title) + "</h1>\n<p class=\"meta\">" + paperLine(paper, profile) + "</p>\n";
    s += "<p class=\"fields\"><span>Name:</span><span>Date:</span></p>\n";
    s += "<div class=\"instructions\"><p><strong>Instructions.</strong> Answer every question; there is no "
         "penalty for a wrong "
         "answer. Choose one letter unless the question asks for more. Write your answers on the answer "
         "sheet at the end of "
         "the paper: only the answer sheet is marked. Questions that refer to a case study follow "
         "it.</p></div>\n";
    std::string lastCase;
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        const PaperItem& item = paper.items[i];
        const Question& q = item.question;
        if (!q.caseStudy.empty() && q.caseStudy != lastCase)
            s += "<div class=\"case\"><h2>Case study: " + esc(item.caseStudyTitle) + "</h2>" +
                 paragraphs(item.caseStudyText) + "</div>\n";
        lastCase = q.caseStudy;
        s += fmt::format("<section class=\"question\" data-question=\"{}\">\n<p class=\"qhead\">Question {} "
                         "<span class=\"qid\">[{}]</span> "
                         "({})</p>\n",
                         esc(q.id), i + 1, esc(q.id), marksText(q.marks));
        s += questionBody(item) + "</section>\n";
    }
    s += "<section class=\"sheet\">\n<h1>Answer sheet</h1>\n<p class=\"meta\">" + esc(profile.title) + ". " +
         paperLine(paper, profile) + "</p>\n<p class=\"fields\"><span>Name:</span><span>Date:</span></p>\n";
    s += "<table>\n<tr><th>No.</th><th>Question id</th><th>Answer</th><th>No.</th><th>Question "
         "id</th><th>Answer</th></tr>\n";
    // Two columns of rows keep a 40-question sheet on one page.
    const std::size_t rows = (paper.items.size() + 1) / 2;
    for (std::size_t r = 0; r < rows; ++r) {
        s += "<tr>";
        for (std::size_t i : {r, r + rows}) {
            if (i < paper.items.size())
                s += fmt::format("<td>{}</td><td class=\"id\">{}</td><td class=\"box\"></td>", i + 1,
                                 esc(paper.items[i].question.id));
            else
                s += "<td></td><td></td><td></td>";
        }
        s += "</tr>\n";
    }
    s += "</table>\n</section>\n</body>\n</html>\n";
    return s;
}

std::string answerKeyHtml(const Paper& paper, const ExamProfile& profile) {
    std::string s = head(profile.title + " - answer key");
    s += "<h1>Answer key: " + esc(profile.title) + "</h1>\n<p class=\"meta\">" + paperLine(paper, profile) +
         " For the trainer: do not hand out.</p>\n";
    s += "<p class=\"meta\">Marks CSV header for item analysis (each cell the mark as a fraction 0 to 1 of "
         "the question's "
         "marks):<br><code>" +
         esc(marksCsvHeader(paper)) + "</code></p>\n";
    s += "<table>\n<tr><th>No.</th><th>Question "
         "id</th><th>Key</th><th>Marks</th><th>Reference</th><th>Why</th></tr>\n";
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        const PaperItem& item = paper.items[i];
        const Question& q = item.question;
        std::string marks = fmt::format("{:g}", q.marks);
        if (q.partialMarks) marks += " (partial)";
        s += fmt::format("<tr data-question=\"{}\"><td>{}</td><td class=\"id\">{}</td><td "
                         "class=\"key\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         esc(q.id), i + 1, esc(q.id), esc(answerText(item, keyAnswer(q))), marks,
                         esc(referencesText(q)), esc(q.explanation));
    }
    s += "</table>\n</body>\n</html>\n";
    return s;
}

std::string marksCsvHeader(const Paper& paper) {
    std::string s = "attempt";
    for (const auto& item : paper.items) s += "," + item.question.id;
    return s;
}

} // namespace examsim::core
