// The core never depends on the window system: no ImGui, GLFW or OpenGL header under src/core/.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <regex>

TEST_CASE("no file under src/core includes an ImGui - GLFW or OpenGL header") {
    const std::regex forbidden(R"(#\s*include\s*[<"](imgui|backends/imgui|GLFW/|GL/|KHR/|glad/|stb_image))");
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(examsim::test::sourceDir() / "src/core")) {
        if (!entry.is_regular_file()) continue;
        ++files;
        const std::string text = examsim::test::readFile(entry.path());
        CAPTURE(entry.path().string());
        CHECK_FALSE(std::regex_search(text, forbidden));
    }
    CHECK(files > 5);
}

TEST_CASE("json.hpp stays out of the core's public headers") {
    // Keeps compile times within CI's budget: only loaders include nlohmann/json.
    for (const auto& entry : std::filesystem::directory_iterator(examsim::test::sourceDir() / "src/core")) {
        if (entry.path().extension() != ".hpp" || entry.path().filename() == "json_checker.hpp") continue;
        CAPTURE(entry.path().string());
        CHECK(examsim::test::readFile(entry.path()).find("#include <nlohmann/json") == std::string::npos);
    }
}
