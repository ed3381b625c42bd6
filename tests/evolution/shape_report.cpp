// Ucom.Test.ShapeReport: activates Ucom.Test.Square through the runtime's context and
// describes it, calling IShape as shapes.idl declares it. With UCOM_TEST_UNRECORDED, the same
// class as Ucom.Test.UnrecordedShapeReport (shape_report_unrecorded.idl).
#include <string>

#include <fmt/format.h>

#include <ucom/context.hpp>
#include <ucom/module.hpp>

#include "shape_report_impl.hpp"
#include "shapes_client.hpp"
#ifdef UCOM_TEST_UNRECORDED
#include "shape_report_unrecorded.h"
#define UCOM_TEST_REPORT_CLSID CLSID_UnrecordedShapeReport
#else
#define UCOM_TEST_REPORT_CLSID CLSID_ShapeReport
#endif

namespace {

class shape_report : public ucom::implements<shape_report, IShapeReport> {
public:
    explicit shape_report(const ucom::context &ctx) : shape_(ctx.create_instance<IShape>("Ucom.Test.Square")) {}

    std::string Describe() { return fmt::format("a {} of area {:.1f}", shape_.Name(), shape_.Area()); }

private:
    ucom::client<IShape> shape_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<shape_report>(UCOM_TEST_REPORT_CLSID))
