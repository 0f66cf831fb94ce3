#include "app/platform/backend.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image.h>
#include <stb_image_write.h>
#include <algorithm>
#include <ctime>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
// Mesa's GL driver keeps a few allocations until exit; LeakSanitizer cannot see past its frames
// (it is loaded with dlopen and has no frame pointers), so allocations made inside the driver are
// not tracked. Our own code stays fully checked.
#define EXAMSIM_DRIVER_SCOPE __lsan::ScopedDisabler lsanDisabler
#else
#define EXAMSIM_DRIVER_SCOPE
#endif

namespace examsim::app {

namespace {
std::string g_glfwError;
void onGlfwError(int code, const char* description) {
    g_glfwError = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}
} // namespace

Backend::Backend(const BackendOptions& options) {
    EXAMSIM_DRIVER_SCOPE;
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        m_error = "cannot start the window system (" + g_glfwError + "); is a display available?";
        return;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    m_window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!m_window) {
        m_error = "cannot open a window with OpenGL 3 (" + g_glfwError + ")";
        return;
    }
    if (options.x >= 0 && options.y >= 0) glfwSetWindowPos(m_window, options.x, options.y);
    if (options.maximized && options.visible) glfwMaximizeWindow(m_window);
    if (!options.iconPng.empty()) {
        int w = 0, h = 0, n = 0;
        if (unsigned char* pixels = stbi_load(options.iconPng.c_str(), &w, &h, &n, 4)) {
            GLFWimage icon{w, h, pixels};
            glfwSetWindowIcon(m_window, 1, &icon);
            stbi_image_free(pixels);
        }
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(options.fontAtlas ? options.fontAtlas() : nullptr);
    ImGui::GetIO().IniFilename = nullptr; // window state is ours to remember, not imgui.ini's
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
}

Backend::~Backend() {
    EXAMSIM_DRIVER_SCOPE;
    if (m_window) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(m_window);
    }
    glfwTerminate();
}

void Backend::wake() { glfwPostEmptyEvent(); }

Backend::Geometry Backend::geometry() const {
    Geometry g;
    if (!m_window) return g;
    glfwGetWindowPos(m_window, &g.x, &g.y);
    glfwGetWindowSize(m_window, &g.width, &g.height);
    g.maximized = glfwGetWindowAttrib(m_window, GLFW_MAXIMIZED) == GLFW_TRUE;
    return g;
}

namespace {
double cpuMs() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}
} // namespace

void Backend::frame(const std::function<void()>& drawFrame, double* uiCpuMs) {
    if (m_beforeFrame) m_beforeFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const double t0 = uiCpuMs ? cpuMs() : 0;
    ImGui::NewFrame();
    drawFrame();
    ImGui::Render();
    if (uiCpuMs) *uiCpuMs = cpuMs() - t0;
    EXAMSIM_DRIVER_SCOPE;
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Backend::run(const std::function<void()>& drawFrame, const std::function<bool()>& ticking,
                  const std::function<bool()>& canClose) {
    int pending = 3;
    while (true) {
        if (glfwWindowShouldClose(m_window)) {
            if (!canClose || canClose()) break;
            glfwSetWindowShouldClose(m_window, GLFW_FALSE);
            pending = 3;
        }
        if (pending <= 0) {
            if (ticking && ticking()) glfwWaitEventsTimeout(1.0);
            else glfwWaitEvents();
            pending = 3; // a click needs a frame to register and another to show its effect
        } else {
            glfwPollEvents();
        }
        frame(drawFrame);
        swap();
        --pending;
    }
}

void Backend::requestClose() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
    glfwPostEmptyEvent();
}

void Backend::swap() {
    EXAMSIM_DRIVER_SCOPE;
    glfwSwapBuffers(m_window);
}

Backend::FrameTimes Backend::measure(const std::function<void()>& drawFrame, int frames) {
    std::vector<double> ui, whole;
    for (int i = 0; i < frames; ++i) {
        const double t0 = cpuMs();
        double u = 0;
        glfwPollEvents();
        frame(drawFrame, &u);
        swap();
        whole.push_back(cpuMs() - t0);
        ui.push_back(u);
    }
    auto pick = [](std::vector<double> v, double q) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {pick(ui, 0.5), pick(ui, 0.99), pick(whole, 0.5), pick(whole, 0.99)};
}

std::string Backend::screenshot(const std::function<void()>& drawFrame, const std::string& pngPath, int frames) {
    int w = 0, h = 0;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse; // no hover effects or tooltips where the pointer happens to be
    for (int i = 0; i < frames; ++i) {
        glfwPollEvents();
        frame(drawFrame);
        if (i + 1 < frames) swap();
    }
    glfwGetFramebufferSize(m_window, &w, &h);
    EXAMSIM_DRIVER_SCOPE;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (auto i = pixels.begin() + 3; i < pixels.end(); i += 4) *i = 255; // opaque
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(pngPath.c_str(), w, h, 4, pixels.data(), w * 4)) return "cannot write " + pngPath;
    return "";
}

} // namespace examsim::app
