// A host built against shapes.idl: creates Ucom.Test.Square and Ucom.Test.ShapeReport from
// the registry file it is given and prints what each says, or the error that refused it.
// Exit 0 when both worked, 2 when either was refused.
//   ucom_test_evolution_host REGISTRY
#include <cstdio>
#include <string>

#include <ucom/runtime.hpp>

#include "shape_report_client.hpp"
#include "shapes_client.hpp"

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: ucom_test_evolution_host REGISTRY\n");
        return 1;
    }
    auto rt = ucom::runtime::open({argv[1]});
    if (!rt) {
        std::fprintf(stderr, "%s\n", rt.error().to_string().c_str());
        return 1;
    }
    int status = 0;
    const auto attempt = [&](const char *what, auto call) {
        try {
            std::printf("%s: %s\n", what, call().c_str());
        } catch (const ucom::hresult_error &e) {
            std::printf("%s refused: %s\n", what, e.error().to_string().c_str());
            status = 2;
        }
    };
    attempt("square", [&] {
        ucom::client<IShape> shape(rt->create_instance<IShape>("Ucom.Test.Square"));
        return shape.Name();
    });
    attempt("report", [&] {
        ucom::client<IShapeReport> report(rt->create_instance<IShapeReport>("Ucom.Test.ShapeReport"));
        return report.Describe();
    });
    attempt("unrecorded report", [&] {
        ucom::client<IShapeReport> report(rt->create_instance<IShapeReport>("Ucom.Test.UnrecordedShapeReport"));
        return report.Describe();
    });
    return status;
}
