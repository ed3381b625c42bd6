// The crosstool host in C++: built with GCC and libstdc++ and with Clang and libc++, it
// activates Crosstool.Report (which uses Crosstool.Scene, which uses the C plugin) through
// the runtime and prints what comes back, then has each component throw and prints the
// HRESULT and message each exception became. Usage: crosstool_host REGISTRY.toml
#include <cstdint>
#include <cstdio>
#include <string>

#include <ucom/runtime.hpp>
#include <ucom/task_memory.hpp>

#include "report_client.hpp"
#include "toolchain.hpp"

namespace {

Shape circle(double radius)
{
    Shape shape{};
    shape.kind = SHAPE_CIRCLE;
    shape.value.radius = radius;
    return shape;
}

Shape rectangle(double width, double height)
{
    Shape shape{};
    shape.kind = SHAPE_RECTANGLE;
    shape.value.size = Point{width, height};
    return shape;
}

Shape triangle(Point a, Point b, Point c)
{
    Shape shape{};
    shape.kind = SHAPE_TRIANGLE;
    shape.value.triangle = Triangle{{a, b, c}};
    return shape;
}

// The three shapes every host sends (the C host, c/c_host.c, sends the same).
const Shape shapes[] = {circle(1), rectangle(2, 3), triangle({0, 0}, {4, 0}, {0, 3})};

void print_failure(const char *call, const ucom::error &error)
{
    std::printf("%s: %s: %s\n", call, ucom::hresult_name(error.code()).c_str(), error.message().c_str());
}

template <class I>
void print_throws(const char *name, const ucom::client<I> &component)
{
    for (std::int32_t what = 1; what <= 4; ++what) {
        const auto thrown = component.try_Throw(what);
        const std::string call = std::string(name) + " Throw(" + std::to_string(what) + ")";
        if (thrown) {
            std::printf("%s: no failure\n", call.c_str());
        } else {
            print_failure(call.c_str(), thrown.error());
        }
    }
}

std::string build(const ucom::client<IReport> &report, uint32_t count)
{
    ucom::task_string text;
    ucom::check_hresult(report->Build(count, shapes, text.put()), "Crosstool.Report");
    return text.str();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: crosstool_host REGISTRY.toml\n");
        return 2;
    }
    auto rt = ucom::runtime::open({argv[1]});
    if (!rt) {
        std::fprintf(stderr, "crosstool_host: %s\n", rt.error().to_string().c_str());
        return 1;
    }
    try {
        std::printf("host (%s)\n", crosstool::library_name());
        const ucom::client<IReport> report(rt->create_instance<IReport>("Crosstool.Report"));
        std::printf("%s\n", build(report, 3).c_str());
        print_throws("report", report);
        print_throws("scene", ucom::client<IScene>(rt->create_instance<IScene>("Crosstool.Scene")));

        // The C plugin's own failure, with the message it set as error info.
        const ucom::client<IShapes> c_shapes(rt->create_instance<IShapes>("Crosstool.C.Shapes"));
        Shape unknown = circle(1);
        unknown.kind = 7;
        double area = 0;
        if (const HRESULT hr = c_shapes->Area(&unknown, &area); FAILED(hr)) {
            print_failure("shapes Area(kind 7)", ucom::error::from_hresult(hr));
        }
        // The components still work after all that.
        const std::string again = build(report, 1);
        std::printf("after the failures: %s\n", again.substr(0, again.find('\n')).c_str());
    } catch (const ucom::hresult_error &e) {
        std::fprintf(stderr, "crosstool_host: %s\n", e.error().to_string().c_str());
        return 1;
    }
    return 0;
}
