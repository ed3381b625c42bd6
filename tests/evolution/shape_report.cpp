// Ucom.Test.ShapeReport: activates Ucom.Test.Square through the runtime's context and
// describes it, calling IShape as shapes.idl declares it.
#include <string>

#include <fmt/format.h>

#include <ucom/context.hpp>
#include <ucom/module.hpp>

#include "shape_report_impl.hpp"
#include "shapes_client.hpp"

namespace {

class shape_report : public ucom::implements<shape_report, IShapeReport> {
public:
    explicit shape_report(const ucom::context &ctx) : shape_(ctx.create_instance<IShape>("Ucom.Test.Square")) {}

    std::string Describe() { return fmt::format("a {} of area {:.1f}", shape_.Name(), shape_.Area()); }

private:
    ucom::client<IShape> shape_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<shape_report>(CLSID_ShapeReport))
