// Crosstool.Report: a C++ component that builds a Crosstool.Scene through the runtime and
// reports on it, calling every method of IScene: so each kind the ABI allows crosses from
// this component's C++ library to the scene's and on to the C plugin.
#include <cstdio>
#include <string>

#include <ucom/client.hpp>
#include <ucom/context.hpp>
#include <ucom/guid.hpp>
#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "report_impl.hpp"
#include "scene_client.hpp"
#include "toolchain.hpp"

namespace {

std::string format_points(const Point *points, uint32_t count)
{
    std::string text;
    for (uint32_t i = 0; i < count; ++i) {
        char point[64];
        std::snprintf(point, sizeof point, " (%g,%g)", points[i].x, points[i].y);
        text += point;
    }
    return count == 0 ? " none" : text;
}

std::string format_shape(const Shape &shape)
{
    char text[64];
    switch (shape.kind) {
    case SHAPE_CIRCLE:
        std::snprintf(text, sizeof text, "circle of radius %g", shape.value.radius);
        return text;
    case SHAPE_RECTANGLE:
        std::snprintf(text, sizeof text, "rectangle of %g by %g", shape.value.size.x, shape.value.size.y);
        return text;
    default:
        return "triangle at" + format_points(shape.value.triangle.corners, 3);
    }
}

class report : public ucom::implements<report, IReport> {
public:
    explicit report(ucom::context ctx) : ctx_(std::move(ctx)) {}

    std::string Library() { return crosstool::library_name(); }

    HRESULT Build(uint32_t count, const Shape *shapes, char **text)
    {
        // By CLSID here (the scene asks for the C plugin by ProgID): both go through the runtime.
        ucom::client<IScene> scene(ctx_.create_instance<IScene>(ucom::guid(CLSID_Scene)));
        for (uint32_t i = 0; i < count; ++i) {
            ucom::check_hresult(scene->Add(&shapes[i]));
        }
        std::string out = "report (" + Library() + ") over a scene (" + scene.Library() + ") of " +
                          std::to_string(count) + (count == 1 ? " shape:\n" : " shapes:\n") + scene.Summary() +
                          "\nareas:";
        for (double area : scene.Areas()) {
            char number[32];
            std::snprintf(number, sizeof number, " %.4f", area);
            out += number;
        }
        for (uint32_t i = 0; i < count; ++i) {
            out +=
                "\nshape " + std::to_string(i) + ": " + held_shape(scene, i) + "; corners" + corners(scene, i, nullptr);
            const Point origin{10, 20};
            out += "; placed at (10,20):" + corners(scene, i, &origin);
        }
        *text = ucom::task_strdup(out);
        return S_OK;
    }

    void Throw(int32_t what)
    {
        crosstool::throw_kind(what, std::string("the report (") + crosstool::library_name() + ")");
    }

private:
    // The shape as the holder the C plugin made for it says it (an interface pointer
    // through iid_is, then a sum type as an [out] struct).
    static std::string held_shape(const ucom::client<IScene> &scene, uint32_t index)
    {
        ucom::com_ptr<IShapeHolder> holder;
        ucom::check_hresult(scene->Holder(index, &IID_IShapeHolder, holder.put_void()));
        Shape shape{};
        ucom::check_hresult(holder->Get(&shape));
        return format_shape(shape);
    }

    static std::string corners(const ucom::client<IScene> &scene, uint32_t index, const Point *origin)
    {
        ucom::task_array<Point> points;
        uint32_t count = 0;
        ucom::check_hresult(scene->Corners(index, origin, &count, points.put()));
        points.set_size(count);
        return format_points(points.data(), count);
    }

    ucom::context ctx_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<report>(CLSID_Report))
