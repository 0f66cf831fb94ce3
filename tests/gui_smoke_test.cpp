// GUI smoke tests: every screen rendered in a real window under Xvfb into a PNG that must have the
// requested size and real content. The latest images are copied to build/screenshots/.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <set>
#include <vector>
#include <stb_image.h>

using examsim::test::run;
using examsim::test::shellQuote;

namespace {

const std::string kApp = shellQuote(EXAMSIM_APP_PATH);

struct Image {
    int width = 0, height = 0;
    std::size_t distinctColours = 0;
    double brightPixelShare = 0; // pixels far from the background colour
};

Image inspect(const std::string& path) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &img.width, &img.height, &channels, 3);
    REQUIRE(data != nullptr);
    std::set<unsigned> colours;
    const std::size_t n = static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height);
    const unsigned char* bg = data; // top-left pixel is window background
    std::size_t differing = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char* p = data + i * 3;
        colours.insert((unsigned(p[0]) << 16) | (unsigned(p[1]) << 8) | p[2]);
        if (std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]) > 60) ++differing;
    }
    stbi_image_free(data);
    img.distinctColours = colours.size();
    img.brightPixelShare = static_cast<double>(differing) / static_cast<double>(n);
    return img;
}

std::string xvfb() { return "xvfb-run -a -s '-screen 0 1920x1200x24' "; }

void renderAndCheck(const std::string& screen, const std::string& extra = "", int width = 1280, int height = 800) {
    // Later --db options win: a test may pass its own database in `extra`.
    examsim::test::TempDir dir;
    const std::string png = (dir.path() / (screen + ".png")).string();
    const auto r = run(xvfb() + kApp + " --screenshot " + shellQuote(png) + " --screen " + screen + " --db " +
                       shellQuote((dir.path() / "progress.db").string()) + " " + extra);
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    const Image img = inspect(png);
    CHECK(img.width == width);
    CHECK(img.height == height);
    CHECK(img.distinctColours > 20);       // text is anti-aliased: many shades
    CHECK(img.brightPixelShare > 0.005);   // something is drawn
    CHECK(img.brightPixelShare < 0.9);     // and the screen is not one solid block
    const auto out = std::filesystem::path(EXAMSIM_APP_PATH).parent_path() / "screenshots";
    std::filesystem::create_directories(out);
    std::filesystem::copy_file(png, out / (screen + ".png"), std::filesystem::copy_options::overwrite_existing);
}

std::vector<std::string> screens() {
    const auto r = run(kApp + " --list-screens");
    REQUIRE(r.exitCode == 0);
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < r.output.size()) {
        const auto end = r.output.find('\n', start);
        names.push_back(r.output.substr(start, end - start));
        start = end + 1;
    }
    return names;
}

} // namespace

TEST_CASE("every screen renders under Xvfb to a non-blank PNG of the requested size") {
    const auto names = screens();
    REQUIRE(!names.empty());
    for (const auto& name : names) {
        CAPTURE(name);
        renderAndCheck(name);
    }
}

TEST_CASE("the banks screen renders with a broken bank in the folder") {
    examsim::test::TempDir banks;
    banks.write("good.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json"));
    banks.write("broken.json", "{\"format\": \"examsim-bank\", ");
    renderAndCheck("banks", "--theme light --banks " + shellQuote(banks.path().string()));
}

TEST_CASE("a refused progress database is reported in the app - never overwritten") {
    examsim::test::TempDir dir;
    const auto notDb = dir.write("notes.db", "not a database");
    renderAndCheck("banks", "--db " + shellQuote(notDb.string()));
    CHECK(examsim::test::readFile(notDb) == "not a database");
}

TEST_CASE("an unknown screen is a usage error") {
    const auto r = run(xvfb() + kApp + " --screenshot /tmp/x.png --screen nosuchscreen");
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("unknown screen \"nosuchscreen\"") != std::string::npos);
}

TEST_CASE("a screenshot with --learner shows that learner's own records") {
    examsim::test::TempDir dir;
    const auto db = (dir.path() / "p.db").string();
    const auto take = run("printf 'a\\nb\\nc\\ns\\n' | " + shellQuote(EXAMSIM_CLI_PATH) + " --db " + shellQuote(db) +
                          " take --learner Ann --profile quick-quiz --seed 3");
    REQUIRE(take.exitCode == 0);
    for (const char* screen : {"home", "history", "results"}) renderAndCheck(screen, "--db " + shellQuote(db) + " --learner Ann");
    const auto r = run(xvfb() + kApp + " --screenshot /tmp/x.png --screen home --db " + shellQuote(db) + " --learner Nobody");
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("no learner named \"Nobody\"") != std::string::npos);
}

TEST_CASE("the exam and review screens render in the light and high-contrast themes at 1024x700") {
    renderAndCheck("exam", "--theme light --size 1024x700", 1024, 700);
    renderAndCheck("review", "--theme high-contrast --size 1024x700", 1024, 700);
}

TEST_CASE("a due review renders with its feedback - and an unknown sample session is a usage error") {
    renderAndCheck("exam", "--sample-session due");
    const auto r = run(xvfb() + kApp + " --screenshot /tmp/x.png --screen exam --sample-session nope");
    CHECK(r.exitCode == 2);
}

TEST_CASE("the editor renders matching and sequencing keys - case studies - topics and bank info") {
    renderAndCheck("editor", "--edit STR-007");                              // matching
    renderAndCheck("editor", "--edit STR-009");                              // sequencing
    renderAndCheck("editor", "--edit PRA-CS01-Q3 --editor-tab case-studies"); // its case study
    renderAndCheck("editor", "--editor-tab topics");
    renderAndCheck("editor", "--editor-tab bank --theme light");
    renderAndCheck("editor", "--edit NO-SUCH-QUESTION"); // said on the screen, not a failure
    const auto r = run(xvfb() + kApp + " --screenshot /tmp/x.png --editor-tab nope");
    CHECK(r.exitCode == 2);
}
