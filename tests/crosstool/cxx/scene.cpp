// Crosstool.Scene: a C++ component (implements<>) that keeps a list of shapes and answers
// through the C plugin's IShapes, which it asks the runtime for by ProgID. Built with
// Clang and libc++ and with GCC and libstdc++ (tests/crosstool/check_crosstool.cmake).
#include <cstdio>
#include <string>
#include <vector>

#include <ucom/context.hpp>
#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "scene_impl.hpp"
#include "toolchain.hpp"

namespace {

class scene : public ucom::implements<scene, IScene> {
public:
    // Fails the activation with the runtime's error when Crosstool.C.Shapes is missing.
    explicit scene(const ucom::context &ctx) : shapes_(ctx.create_instance<IShapes>("Crosstool.C.Shapes").value()) {}

    std::string Library() { return crosstool::library_name(); }

    // Shapes have no form in C++ types (a union), so these methods take the raw ABI.
    HRESULT Add(const Shape *shape)
    {
        double area = 0;
        ucom::check_hresult(shapes_->Area(shape, &area)); // the C plugin checks the shape
        list_.push_back(*shape);
        return S_OK;
    }

    std::string Summary()
    {
        std::string text;
        for (const Shape &shape : list_) {
            ucom::task_string line;
            ucom::check_hresult(shapes_->Describe(&shape, line.put()));
            text += line.str() + "\n";
        }
        const double twice = 2;
        double total = 0;
        double doubled = 0;
        ucom::check_hresult(shapes_->Total(size(), list_.data(), nullptr, &total));
        ucom::check_hresult(shapes_->Total(size(), list_.data(), &twice, &doubled));
        char line[96];
        std::snprintf(line, sizeof line, "total area %.4f, doubled %.4f", total, doubled);
        return text + line;
    }

    std::vector<double> Areas()
    {
        std::vector<double> areas(list_.size());
        for (size_t i = 0; i < list_.size(); ++i) {
            ucom::check_hresult(shapes_->Area(&list_[i], &areas[i]));
        }
        return areas;
    }

    HRESULT Corners(uint32_t index, const Point *origin, uint32_t *count, Point **corners)
    {
        return shapes_->Corners(&at(index), origin, count, corners);
    }

    HRESULT Holder(uint32_t index, REFIID riid, void **holder) { return shapes_->Hold(&at(index), riid, holder); }

    void Throw(int32_t what)
    {
        crosstool::throw_kind(what, std::string("the scene (") + crosstool::library_name() + ")");
    }

private:
    uint32_t size() const { return static_cast<uint32_t>(list_.size()); }

    const Shape &at(uint32_t index) const
    {
        if (index >= list_.size()) {
            throw ucom::hresult_error(E_INVALIDARG, "no shape " + std::to_string(index), "Crosstool.Scene");
        }
        return list_[index];
    }

    ucom::com_ptr<IShapes> shapes_;
    std::vector<Shape> list_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<scene>(CLSID_Scene))
