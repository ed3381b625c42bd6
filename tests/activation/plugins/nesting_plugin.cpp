// The classes of nesting.idl. Each keeps what it activated, so the test can see the
// nested objects were really created.
#include <thread>
#include <utility>
#include <vector>

#include <ucom/context.hpp>
#include <ucom/module.hpp>

#include "nesting_impl.hpp"

namespace {

class node {
public:
    HRESULT Children(int32_t *count)
    {
        *count = static_cast<int32_t>(children_.size());
        return S_OK;
    }

protected:
    std::vector<ucom::com_ptr<INode>> children_;
};

class leaf : public ucom::implements<leaf, INode>, public node {};

// Activates a leaf while it is being created, on the same thread.
class nested : public ucom::implements<nested, INode>, public node {
public:
    explicit nested(const ucom::context &ctx) { children_.push_back(ctx.create_instance<INode>("Test.Leaf").value()); }
};

// Activates a leaf from a thread it starts and waits for: must not deadlock.
class thread_nested : public ucom::implements<thread_nested, INode>, public node {
public:
    explicit thread_nested(const ucom::context &ctx)
    {
        ucom::result<ucom::com_ptr<INode>> made = tl::make_unexpected(ucom::error(E_FAIL, "not run"));
        std::thread worker([&] { made = ctx.create_instance<INode>("Test.Leaf"); });
        worker.join();
        children_.push_back(std::move(made).value());
    }
};

// A needs B and B needs A: the runtime refuses the second A.
class cycle_a : public ucom::implements<cycle_a, INode>, public node {
public:
    explicit cycle_a(const ucom::context &ctx)
    {
        children_.push_back(ctx.create_instance<INode>("Test.CycleB").value());
    }
};

class cycle_b : public ucom::implements<cycle_b, INode>, public node {
public:
    explicit cycle_b(const ucom::context &ctx)
    {
        children_.push_back(ctx.create_instance<INode>("Test.CycleA").value());
    }
};

// Activates ThreadCycleB from a thread it starts; B activates ThreadCycleA again.
class thread_cycle_a : public ucom::implements<thread_cycle_a, INode>, public node {
public:
    explicit thread_cycle_a(const ucom::context &ctx)
    {
        ucom::result<ucom::com_ptr<INode>> made = tl::make_unexpected(ucom::error(E_FAIL, "not run"));
        std::thread worker([&] { made = ctx.create_instance<INode>("Test.ThreadCycleB"); });
        worker.join();
        children_.push_back(std::move(made).value());
    }
};

class thread_cycle_b : public ucom::implements<thread_cycle_b, INode>, public node {
public:
    explicit thread_cycle_b(const ucom::context &ctx)
    {
        children_.push_back(ctx.create_instance<INode>("Test.ThreadCycleA").value());
    }
};

class repeater_a : public ucom::implements<repeater_a, INode>, public node {
public:
    explicit repeater_a(const ucom::context &ctx)
    {
        children_.push_back(ctx.create_instance<INode>("Test.RepeaterB").value());
    }
};

class repeater_b : public ucom::implements<repeater_b, INode> {
public:
    explicit repeater_b(ucom::context ctx) : ctx_(std::move(ctx)) {}

    // Activates a RepeaterA from a thread it starts and waits for; *count is 1 when it worked.
    HRESULT Children(int32_t *count)
    {
        HRESULT result = E_FAIL;
        std::thread worker([&] {
            auto made = ctx_.create_instance<INode>("Test.RepeaterA");
            result = made ? S_OK : made.error().code();
        });
        worker.join();
        *count = SUCCEEDED(result) ? 1 : 0;
        return result;
    }

private:
    ucom::context ctx_;
};

class bare_cycle_code : public ucom::implements<bare_cycle_code, INode>, public node {
public:
    bare_cycle_code() { throw ucom::hresult_error(UCOM_E_ACTIVATION_CYCLE, ""); }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<leaf>(CLSID_Leaf), ucom::exported_class<nested>(CLSID_Nested),
                   ucom::exported_class<thread_nested>(CLSID_ThreadNested), ucom::exported_class<cycle_a>(CLSID_CycleA),
                   ucom::exported_class<cycle_b>(CLSID_CycleB),
                   ucom::exported_class<thread_cycle_a>(CLSID_ThreadCycleA),
                   ucom::exported_class<thread_cycle_b>(CLSID_ThreadCycleB),
                   ucom::exported_class<bare_cycle_code>(CLSID_BareCycleCode),
                   ucom::exported_class<repeater_a>(CLSID_RepeaterA), ucom::exported_class<repeater_b>(CLSID_RepeaterB))
