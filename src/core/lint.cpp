#include "core/lint.hpp"

#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/source_file.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace examsim::core {

namespace fs = std::filesystem;

std::string format(const LintFinding& f) {
    std::string where = f.file;
    if (f.line > 0) where += fmt::format(":{}:{}", f.line, f.column);
    return fmt::format("{}: {}: {}: {} (fix: {})", where, f.pointer.empty() ? "(document)" : f.pointer,
                       f.check, f.message, f.fix);
}

namespace {

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80)
            cur += static_cast<char>(std::tolower(u));
        else if (!cur.empty())
            out.push_back(std::move(cur)), cur.clear();
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// A stem's word pairs as sorted hashes: comparing every pair of questions stays fast.
using Shingles = std::vector<std::size_t>;

Shingles shingles(const std::string& s) {
    const auto w = words(s);
    Shingles out;
    if (w.size() == 1) out.push_back(std::hash<std::string>{}(w[0]));
    for (std::size_t i = 0; i + 1 < w.size(); ++i)
        out.push_back(std::hash<std::string>{}(w[i] + " " + w[i + 1]));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double jaccard(const Shingles& a, const Shingles& b) {
    if (a.empty() && b.empty()) return 0;
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j])
            ++common, ++i, ++j;
        else if (a[i] < b[j])
            ++i;
        else
            ++j;
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// What a question asks: its stem, and for assertion-reason items the assertion and reason too (their
// stems are all alike).
std::string askedText(const Question& q) {
    return q.type == QuestionType::AssertionReason ? q.stem + " " + q.assertion + " " + q.reason : q.stem;
}

bool hasChoices(const Question& q) {
    return q.type == QuestionType::Single || q.type == QuestionType::Multiple;
}

LintFinding finding(const Question& q, std::string check, const std::string& pointer, std::string message,
                    std::string fix) {
    LintFinding f;
    f.check = std::move(check);
    f.pointer = q.pointer + pointer;
    f.questionId = q.id;
    f.message = std::move(message);
    f.fix = std::move(fix);
    return f;
}

// The sentence that asks: the last one holding a question mark, else the whole stem.
std::string askingSentence(const std::string& stem) {
    const std::size_t q = stem.rfind('?');
    if (q == std::string::npos) return stem;
    std::size_t start = stem.find_last_of(".!?\n", q == 0 ? 0 : q - 1);
    start = start == std::string::npos ? 0 : start + 1;
    return stem.substr(start, q - start + 1);
}

bool isNonconformityWord(const std::string& w) {
    static const char* kWords[] = {"met",       "meet",    "fully",     "fulfil",
                                   "fulfilled", "satisfy", "satisfied", "conform"};
    return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* k) { return w == k; });
}

// Negative words in the main clause of the asking sentence, not in capitals. Left alone: relative
// clauses ("... that the 2011 edition did not use"), "at (the) least", and "is not met" (an auditor
// question asking which requirement an evidence breaks: the learner picks a fact, not an odd one out).
void negativeStem(const Question& q, std::vector<LintFinding>& out) {
    std::vector<std::string> ws;
    std::string cur;
    for (char c : askingSentence(q.stem) + " ") {
        if (std::isalpha(static_cast<unsigned char>(c)))
            cur += c;
        else if (!cur.empty())
            ws.push_back(std::move(cur)), cur.clear();
    }
    auto lower = [](std::string w) {
        for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return w;
    };
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const std::string w = lower(ws[i]);
        if (w == "that" || w == "who" || w == "whom" || w == "whose") return;
        const std::string prev = i > 0 ? lower(ws[i - 1]) : "",
                          next = i + 1 < ws.size() ? lower(ws[i + 1]) : "";
        bool negative = w == "except" || (w == "not" && !isNonconformityWord(next));
        negative = negative ||
                   (w == "least" && prev != "at" && !(prev == "the" && i > 1 && lower(ws[i - 2]) == "at"));
        if (!negative ||
            std::none_of(ws[i].begin(), ws[i].end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            continue;
        std::string upper = w;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.push_back(
            finding(q, "negative-stem", "/stem",
                    fmt::format(R"(the stem asks a negative question with "{}" not in capitals)", ws[i]),
                    fmt::format(R"(write "{}" in capitals, or ask the question positively)", upper)));
        return;
    }
}

void allNoneOfTheAbove(const Question& q, std::vector<LintFinding>& out) {
    static const char* kPhrases[] = {"all of the above", "none of the above", "all the above",
                                     "none of these", "all of these"};
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        const std::string text = normalizedForComparison(q.options[i].text);
        for (const char* phrase : kPhrases)
            if (text.find(phrase) != std::string::npos) {
                out.push_back(finding(q, "all-none-of-the-above", fmt::format("/options/{}/text", i),
                                      fmt::format(R"(option "{}" says "{}")", q.options[i].id, phrase),
                                      "replace it with a plausible distractor (docs/writing-questions.md)"));
                break;
            }
    }
}

void missingContent(const Question& q, std::vector<LintFinding>& out) {
    if (isBlank(q.explanation))
        out.push_back(finding(q, "missing-explanation", "", "the question has no explanation",
                              "add an explanation: why the key is right, in one to three sentences"));
    if (q.references.empty())
        out.push_back(
            finding(q, "missing-reference", "", "the question has no reference",
                    R"(add a reference such as {"part": "1", "edition": 2018, "clause": "8.6.1"})"));
    if (!hasChoices(q)) return;
    std::vector<std::string> without;
    std::size_t first = 0;
    for (std::size_t i = 0; i < q.options.size(); ++i)
        if (isBlank(q.options[i].rationale)) {
            if (without.empty()) first = i;
            without.push_back(q.options[i].id);
        }
    if (!without.empty())
        out.push_back(finding(q, "missing-rationale", fmt::format("/options/{}", first),
                              fmt::format("option{} {} {} no rationale", without.size() == 1 ? "" : "s",
                                          join(without, ", "), without.size() == 1 ? "has" : "have"),
                              "say for each option why it is right or wrong"));
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void optionLengths(const Question& q, const LintThresholds& t, std::vector<LintFinding>& out) {
    if (!hasChoices(q) || q.options.size() < 3) return;
    std::vector<double> len;
    for (const auto& o : q.options) len.push_back(static_cast<double>(countCharacters(o.text)));
    for (std::size_t i = 0; i < len.size(); ++i) {
        std::vector<double> others = len;
        others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
        const double m = median(others);
        if (std::max(len[i], m) < t.minOptionChars || m <= 0) continue;
        const double ratio = len[i] / m;
        if (ratio >= t.longOption || ratio <= t.shortOption)
            out.push_back(finding(
                q, "option-length", fmt::format("/options/{}/text", i),
                fmt::format(R"(option "{}" has {} characters, the others {} (median): {:.1f} times as {})",
                            q.options[i].id, len[i], m, ratio >= 1 ? ratio : 1 / ratio,
                            ratio >= 1 ? "long" : "short"),
                "make the options similar in length, so length gives nothing away"));
    }
}

int keyIndex(const Question& q) {
    if (q.type != QuestionType::Single || q.keyIds.empty()) return -1;
    for (std::size_t i = 0; i < q.options.size(); ++i)
        if (q.options[i].id == q.keyIds[0]) return static_cast<int>(i);
    return -1;
}

// Bank-level: the key strictly the longest option, compared with what chance gives.
void keyLongest(const Bank& bank, const LintThresholds& t, std::vector<LintFinding>& out) {
    int n = 0, longest = 0;
    double expected = 0, variance = 0;
    std::vector<std::string> ids;
    for (const auto& q : bank.questions) {
        const int k = keyIndex(q);
        if (k < 0 || q.options.size() < 2) continue;
        ++n;
        const double p = 1.0 / static_cast<double>(q.options.size());
        expected += p, variance += p * (1 - p);
        const std::size_t keyLen = countCharacters(q.options[static_cast<std::size_t>(k)].text);
        bool strictly = true;
        for (std::size_t i = 0; i < q.options.size(); ++i)
            if (static_cast<int>(i) != k && countCharacters(q.options[i].text) >= keyLen) strictly = false;
        if (strictly) ++longest, ids.push_back(q.id);
    }
    if (n < t.minQuestionsForBankChecks || variance <= 0) return;
    const double z = (longest - expected) / std::sqrt(variance);
    if (z <= t.longestKeyZ) return;
    if (ids.size() > 5) ids.resize(5), ids.push_back("...");
    LintFinding f;
    f.check = "key-longest";
    f.pointer = "/questions";
    f.bankId = bank.info.id;
    f.message = fmt::format(
        "the key is the longest option in {} of {} single-answer questions; chance gives {:.1f} (z = {:.2f})",
        longest, n, expected, z);
    f.fix = fmt::format("lengthen distractors or shorten keys (for example {})", join(ids, ", "));
    out.push_back(std::move(f));
}

// Bank-level: key positions against the uniform spread each question's option count gives.
void keyPositions(const Bank& bank, const LintThresholds& t, std::vector<LintFinding>& out) {
    std::vector<double> observed(8, 0), expected(8, 0);
    int n = 0;
    for (const auto& q : bank.questions) {
        const int k = keyIndex(q);
        if (k < 0 || q.options.size() < 2 || q.options.size() > 8) continue;
        ++n;
        observed[static_cast<std::size_t>(k)] += 1;
        for (std::size_t i = 0; i < q.options.size(); ++i)
            expected[i] += 1.0 / static_cast<double>(q.options.size());
    }
    if (n < t.minQuestionsForBankChecks) return;
    double x2 = 0;
    int cells = 0;
    std::vector<std::string> shares;
    for (std::size_t i = 0; i < 8; ++i) {
        if (expected[i] <= 0) continue;
        ++cells;
        x2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        shares.push_back(
            fmt::format("{}: {} ({:.1f} expected)", static_cast<char>('a' + i), observed[i], expected[i]));
    }
    if (cells < 2) return;
    const double p = chiSquareP(x2, cells - 1);
    if (p >= t.positionP) return;
    LintFinding f;
    f.check = "key-position";
    f.pointer = "/questions";
    f.bankId = bank.info.id;
    f.message = fmt::format("key positions of {} single-answer questions are unbalanced (chi-square {:.2f}, "
                            "df {}, p = {:.2g}): {}",
                            n, x2, cells - 1, p, join(shares, ", "));
    f.fix = "move keys from the crowded positions to the rare ones";
    out.push_back(std::move(f));
}

// The regularized upper incomplete gamma function Q(a, x) (Numerical Recipes: series / continued fraction).
double gammaQ(double a, double x) {
    if (x <= 0) return 1;
    const double lnPrefix = a * std::log(x) - x - std::lgamma(a);
    if (x < a + 1) {
        double sum = 1 / a, term = sum;
        for (int n = 1; n < 500; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * 1e-15) break;
        }
        return 1 - sum * std::exp(lnPrefix);
    }
    double b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
    for (int i = 1; i < 500; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < 1e-300) d = 1e-300;
        c = b + an / c;
        if (std::fabs(c) < 1e-300) c = 1e-300;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-15) break;
    }
    return std::exp(lnPrefix) * h;
}

void blueprintCoverage(const BankSet& set, const fs::path& file, const LintThresholds& t,
                       std::vector<LintFinding>& out) {
    const auto known = [&set](const std::string& id) { return set.topic(id) != nullptr; };
    const ProfileSet profiles = loadProfiles(file, known);
    for (const auto& p : profiles.profiles) {
        for (std::size_t e = 0; e < p.blueprint.size(); ++e) {
            const BlueprintEntry& entry = p.blueprint[e];
            auto under = [&](const std::string& topic) {
                return std::any_of(entry.topics.begin(), entry.topics.end(),
                                   [&](const std::string& a) { return topicUnder(set, topic, a); });
            };
            int available = 0;
            std::set<std::string> casesWithItems;
            for (const auto& b : set.banks()) {
                if (b.info.standardEdition != p.edition) continue;
                for (const auto& q : b.questions) {
                    if (q.status != Status::Ready) continue;
                    if (p.usesCaseStudies()) {
                        if (!q.caseStudy.empty()) casesWithItems.insert(q.caseStudy);
                    } else if (q.caseStudy.empty() && std::count(p.levels.begin(), p.levels.end(), q.level) &&
                               std::count(p.types.begin(), p.types.end(), q.type) && under(q.topic)) {
                        ++available;
                    }
                }
            }
            if (p.usesCaseStudies())
                for (const auto& id : casesWithItems)
                    if (const CaseStudy* cs = set.caseStudy(id); cs && under(cs->theme)) ++available;
            const int wanted = static_cast<int>(std::ceil(entry.count * t.blueprintFactor));
            if (available >= wanted) continue;
            const char* what = p.usesCaseStudies() ? "case studies" : "questions";
            LintFinding f;
            f.check = "blueprint-coverage";
            f.file = file.string();
            f.pointer = fmt::format("{}/blueprint/{}/count", p.pointer, e);
            f.message = fmt::format(R"(profile "{}" draws {} {} for "{}" from {} available{})", p.id,
                                    entry.count, what, entry.label, available,
                                    available < entry.count ? ": too few to build a paper" : "");
            f.fix = fmt::format("write at least {} more {} on {} (twice the draw gives papers variety)",
                                wanted - available, what, join(entry.topics, ", "));
            out.push_back(std::move(f));
        }
    }
    if (auto read = SourceFile::read(file, 64u * 1024u * 1024u); std::holds_alternative<SourceFile>(read)) {
        const SourceFile& src = std::get<SourceFile>(read);
        for (auto& f : out)
            if (f.file == file.string() && f.line == 0) {
                const Diagnostic d = src.at(Severity::Warning, f.pointer, "");
                f.line = d.line, f.column = d.column;
            }
    }
}

} // namespace

double stemSimilarity(const std::string& a, const std::string& b) {
    return jaccard(shingles(a), shingles(b));
}

double chiSquareP(double x, int df) {
    return df <= 0 ? 1 : gammaQ(df / 2.0, x / 2.0);
}

namespace {

// Every question's word pairs, computed once per run (comparing all pairs is the costly part).
struct Shingled {
    const Question* question;
    const Bank* bank;
    Shingles shingles;
};

std::vector<Shingled> shingleAll(const BankSet& set) {
    std::vector<Shingled> out;
    for (const auto& b : set.banks())
        for (const auto& q : b.questions) out.push_back({&q, &b, shingles(askedText(q))});
    return out;
}

std::vector<LintFinding> lintOne(const Question& q, const std::vector<Shingled>& all,
                                 const LintThresholds& t) {
    std::vector<LintFinding> out;
    const auto mine = shingles(askedText(q));
    for (const auto& other : all) {
        if (other.question->id == q.id) continue;
        const double s = jaccard(mine, other.shingles);
        if (s < t.nearDuplicate) continue;
        out.push_back(finding(q, "near-duplicate", "/stem",
                              fmt::format(R"(the stem is {:.0f} % like the stem of {} in bank "{}")", s * 100,
                                          other.question->id, other.bank->info.id),
                              "merge the two questions, or make them test different facts"));
        out.back().related = other.question->id;
    }
    negativeStem(q, out);
    allNoneOfTheAbove(q, out);
    missingContent(q, out);
    optionLengths(q, t, out);
    return out;
}

} // namespace

std::vector<LintFinding> lintQuestion(const Question& q, const BankSet& set, const LintThresholds& t) {
    return lintOne(q, shingleAll(set), t);
}

void locate(std::vector<LintFinding>& findings, const SourceFile& source) {
    for (auto& f : findings) {
        const Diagnostic d = source.at(Severity::Warning, f.pointer, "");
        f.file = source.path();
        f.line = d.line;
        f.column = d.column;
    }
}

LintReport lintBanks(const BankSet& set, const std::vector<fs::path>& bankPaths, const std::string& onlyBank,
                     const LintThresholds& t) {
    LintReport report;
    const std::vector<Shingled> all = shingleAll(set);
    std::map<std::string, std::size_t> order; // load order of every question id
    for (const auto& bank : set.banks())
        for (const auto& q : bank.questions) order.emplace(q.id, order.size());
    for (const auto& bank : set.banks()) {
        if (!onlyBank.empty() && bank.info.id != onlyBank) continue;
        std::vector<LintFinding> found;
        BankHealth health;
        health.bankId = bank.info.id;
        health.file = bank.path;
        health.questions = static_cast<int>(bank.questions.size());
        for (const auto& q : bank.questions) {
            // Near-duplicates are reported once, on the later question of the pair.
            auto f = lintOne(q, all, t);
            f.erase(std::remove_if(f.begin(), f.end(),
                                   [&](const LintFinding& x) {
                                       return !x.related.empty() && order.at(x.related) > order.at(q.id);
                                   }),
                    f.end());
            if (!f.empty()) ++health.questionsWithFindings;
            found.insert(found.end(), f.begin(), f.end());
        }
        const std::size_t before = found.size();
        keyLongest(bank, t, found);
        keyPositions(bank, t, found);
        health.bankFindings = static_cast<int>(found.size() - before);
        const int clean = health.questions - health.questionsWithFindings;
        const int share =
            health.questions == 0 ? 100 : static_cast<int>(std::lround(100.0 * clean / health.questions));
        health.score = std::max(0, share - 10 * health.bankFindings);
        for (auto& f : found) f.bankId = bank.info.id;
        if (auto read = SourceFile::read(bank.path, 64u * 1024u * 1024u);
            std::holds_alternative<SourceFile>(read))
            locate(found, std::get<SourceFile>(read));
        report.findings.insert(report.findings.end(), found.begin(), found.end());
        report.health.push_back(health);
    }
    if (onlyBank.empty()) {
        for (const auto& dir : bankPaths) {
            std::error_code ec;
            const fs::path file = fs::is_directory(dir, ec) ? dir / "exams.json" : dir;
            if (file.filename() != "exams.json" || !fs::exists(file, ec)) continue;
            std::vector<LintFinding> found;
            blueprintCoverage(set, file, t, found);
            report.findings.insert(report.findings.end(), found.begin(), found.end());
        }
    }
    return report;
}

} // namespace examsim::core
