// Builds the resolved model from a syntax tree that resolved without errors (model.hpp).
#include "model.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "fingerprint.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

typed_attribute read_attribute(const attribute &a)
{
    typed_attribute t;
    t.written = &a;
    t.rule = find_rule(a.name);
    if (a.args.empty() || !a.args[0]) {
        return t;
    }
    const expr &first = *a.args[0];
    if (first.kind == expr_kind::string || first.kind == expr_kind::identifier) {
        t.text = first.text;
    }
    // uuid(…) and the first of custom(…), quoted or not.
    const bool takes_uuid = t.rule != nullptr && (t.rule->arguments == argument_kind::uuid ||
                                                  t.rule->arguments == argument_kind::custom);
    if (first.kind == expr_kind::uuid || (takes_uuid && first.kind == expr_kind::string)) {
        t.uuid = parse_uuid(first.text);
    }
    if (first.value) {
        t.integer = first.value;
    } else if (first.kind == expr_kind::integer) {
        t.integer = static_cast<std::int64_t>(first.integer_value);
    }
    if (t.rule != nullptr && t.rule->arguments == argument_kind::version) {
        t.version = parse_version(first);
    }
    return t;
}

// `n` or `*n` naming one of the parameters: that parameter.
model_bound bound_of(const expr *e, std::vector<model_parameter> &siblings)
{
    model_bound b;
    b.expression = e;
    if (e == nullptr) {
        return b;
    }
    const expr *name = e;
    if (e->kind == expr_kind::unary && e->text == "*" && !e->operands.empty() && e->operands[0]) {
        name = e->operands[0].get();
        b.dereferenced = true;
    }
    if (name->kind == expr_kind::identifier) {
        auto it = std::find_if(siblings.begin(), siblings.end(),
                               [&](const model_parameter &p) { return p.name == name->text; });
        if (it != siblings.end()) {
            b.parameter = &*it;
            return b;
        }
    }
    b.dereferenced = false; // an expression over several names, or a constant
    return b;
}

std::vector<model_bound> bounds_of(const attribute_set &attrs, attribute_id id, std::vector<model_parameter> &siblings)
{
    std::vector<model_bound> bounds;
    if (const auto *a = attrs.find(id)) {
        for (const auto &arg : a->written->args) {
            bounds.push_back(bound_of(arg.get(), siblings));
        }
    }
    return bounds;
}

class model_builder {
public:
    model_builder(const compilation &unit, diagnostics &diags)
        : model_(std::make_unique<resolved_model>(unit)), diags_(diags)
    {
    }

    std::unique_ptr<const resolved_model> run()
    {
        // The one walk: each declaration the model holds, in file and source order.
        std::vector<const interface_decl *> forward;
        std::vector<const coclass_decl *> classes;
        constant_values constants; // what a bound that names a constant means
        for (const auto &file : model_->unit().files) {
            for_each_declaration(file->decls, [&](const decl &d) {
                if (const auto *constant = as<const_decl>(&d); constant != nullptr && constant->value &&
                                                               constant->value->value) {
                    constants.emplace(constant->name, *constant->value->value);
                }
                if (const auto *itf = as<interface_decl>(&d)) {
                    if (itf->is_forward) {
                        forward.push_back(itf);
                    } else if (is_object_interface(*itf)) {
                        add_interface(*itf);
                    }
                } else if (const auto *c = as<coclass_decl>(&d); c != nullptr && !c->is_forward) {
                    classes.push_back(c); // after every interface: entries link to them
                } else if (const auto *di = as<dispinterface_decl>(&d); di != nullptr && !di->is_forward) {
                    add_dispinterface(*di);
                } else if (const auto *mod = as<module_decl>(&d)) {
                    add_module(*mod);
                } else if (const auto *fn = as<function_decl>(&d)) {
                    model_->functions.emplace(fn, make_method(fn->function, false, false));
                }
            });
        }
        for (auto &itf : model_->interfaces) {
            if (itf->declared->base != nullptr) {
                itf->base = model_->interface_of.at(itf->declared->base);
            }
        }
        // Forward declarations stand for their definitions from here on.
        for (const auto *itf : forward) {
            if (itf->definition != nullptr) {
                if (auto it = model_->interface_of.find(itf->definition); it != model_->interface_of.end()) {
                    model_->interface_of.emplace(itf, it->second);
                }
            }
        }
        for (auto &itf : model_->interfaces) {
            fill_slots(*itf);
        }
        for (const auto *c : classes) {
            add_coclass(*c);
        }
        compute_fingerprints(constants);
        for (const auto &itf : model_->interfaces) {
            if (!itf->imported) {
                check_carried(*itf);
            }
        }
        if (failed_) {
            return nullptr;
        }
        return std::move(model_);
    }

private:
    // The fingerprints a writer can read: of the main file's interfaces, and of those its
    // coclasses list (the descriptor's class table), wherever declared. An imported
    // interface nothing writes keeps none: a file that imports the Windows SDK's big files
    // would otherwise spend a fifth of its time hashing interfaces it never describes.
    void compute_fingerprints(const constant_values &constants)
    {
        std::unordered_set<const model_interface *> listed;
        for (const auto &c : model_->coclasses) {
            if (!c->imported) {
                for (const auto &entry : c->interfaces) {
                    listed.insert(entry.target);
                }
            }
        }
        layout_memo memo;
        for (auto &itf : model_->interfaces) {
            if (!itf->imported || listed.contains(itf.get())) {
                compute_fingerprint(*itf, constants, memo);
            }
        }
    }

    void add_interface(const interface_decl &d)
    {
        auto itf = std::make_unique<model_interface>();
        itf->name = d.name;
        itf->iid = d.iid;
        itf->com = is_com_interface(d);
        itf->imported = d.imported;
        itf->attributes = attribute_set(d.attributes);
        itf->location = d.location;
        itf->declared = &d;
        const bool local_interface = itf->attributes.has(attribute_id::local);
        itf->methods.reserve(d.methods.size());
        for (const auto &m : d.methods) {
            itf->methods.push_back(make_method(m, local_interface, true));
        }
        model_->interface_of.emplace(&d, itf.get());
        model_->interfaces.push_back(std::move(itf));
    }

    // model_method::returns_aggregate: the slot returns `T *` and takes `T *__ret` first.
    void return_aggregate_through_pointer(model_method &m)
    {
        const auto *aggregate = m.return_type != nullptr ? named_aggregate(*m.return_type) : nullptr;
        const auto *as_union = as<union_decl>(aggregate);
        if (aggregate == nullptr || aggregate->kind == decl_kind::enum_ || (as_union != nullptr && as_union->encapsulated)) {
            return; // widl's rule: a struct or plain union
        }
        auto element = std::make_unique<type>();
        element->kind = m.return_type->kind; // named or tagged: no subtrees to copy
        element->location = m.return_type->location;
        element->name = m.return_type->name;
        element->tag = m.return_type->tag;
        element->target = m.return_type->target;
        auto pointer = std::make_unique<type>();
        pointer->kind = type_kind::pointer;
        pointer->location = m.return_type->location;
        pointer->element = std::move(element);
        model_parameter ret;
        ret.name = "__ret";
        ret.type = pointer.get();
        ret.location = m.return_type->location;
        ret.direction = direction::out;
        m.parameters.push_back(std::move(ret)); // before the IDL's (make_method)
        m.return_type = pointer.get();
        m.returns_aggregate = true;
        model_->added_types.push_back(std::move(pointer));
    }

    // `vtable_slot`: a method of an interface's vtable, which may return an aggregate through a
    // pointer (return_aggregate_through_pointer).
    model_method make_method(const method &m, bool local_interface, bool vtable_slot)
    {
        model_method out;
        out.name = m.name;
        out.c_name = m.c_name;
        out.slot = m.slot;
        out.return_type = m.return_type.get();
        out.returns_hresult = m.return_type && is_typedef_named(*m.return_type, "HRESULT");
        out.attributes = attribute_set(m.attributes);
        out.local = local_interface || out.attributes.has(attribute_id::local);
        if (out.attributes.has(attribute_id::propget)) {
            out.property = property_kind::get;
        } else if (out.attributes.has(attribute_id::propput)) {
            out.property = property_kind::put;
        } else if (out.attributes.has(attribute_id::propputref)) {
            out.property = property_kind::putref;
        }
        out.declared = &m;
        // Reserved first: the bounds below point at siblings.
        out.parameters.reserve(m.params.size() + 1);
        if (vtable_slot) {
            return_aggregate_through_pointer(out);
        }
        for (const auto &p : m.params) {
            out.parameters.push_back(make_parameter(p));
        }
        for (auto &p : out.parameters) {
            p.size_is = bounds_of(p.attributes, attribute_id::size_is, out.parameters);
            p.length_is = bounds_of(p.attributes, attribute_id::length_is, out.parameters);
            for (auto [id, link] : {std::pair{attribute_id::iid_is, &p.iid_is}, {attribute_id::switch_is, &p.switch_is}}) {
                if (const auto *a = p.attributes.find(id); a != nullptr && !a->written->args.empty()) {
                    *link = bound_of(a->written->args[0].get(), out.parameters);
                }
            }
        }
        return out;
    }

    static model_parameter make_parameter(const field &p)
    {
        model_parameter out;
        out.name = p.name;
        out.type = p.type.get();
        out.location = p.location;
        out.attributes = attribute_set(p.attributes);
        const bool in = out.attributes.has(attribute_id::in);
        const bool is_out = out.attributes.has(attribute_id::out);
        out.direction = in && is_out ? direction::in_out : (is_out ? direction::out : direction::in);
        out.retval = out.attributes.has(attribute_id::retval);
        out.is_string = is_string_field(p);
        for (auto [id, kind] : {std::pair{attribute_id::ref, pointer_kind::ref},
                                {attribute_id::unique, pointer_kind::unique},
                                {attribute_id::ptr, pointer_kind::ptr}}) {
            if (out.attributes.has(id)) {
                out.pointer = kind;
            }
        }
        out.declared = &p;
        return out;
    }

    void fill_slots(model_interface &itf)
    {
        if (!itf.slots.empty()) {
            return; // every object interface has IUnknown's three slots at least
        }
        if (itf.base != nullptr) {
            model_interface &base = owned(*itf.base);
            fill_slots(base);
            itf.slots = base.slots;
        }
        for (const auto &m : itf.methods) {
            if (m.slot >= 0) {
                itf.slots.push_back({&itf, &m});
            }
        }
    }

    // The builder's own (mutable) node behind a link between interfaces.
    model_interface &owned(const model_interface &itf)
    {
        auto it = std::find_if(model_->interfaces.begin(), model_->interfaces.end(),
                               [&](const auto &candidate) { return candidate.get() == &itf; });
        return **it;
    }

    void add_coclass(const coclass_decl &d)
    {
        auto c = std::make_unique<model_coclass>();
        c->name = d.name;
        c->clsid = d.clsid.value_or(uuid_value{});
        c->imported = d.imported;
        c->attributes = attribute_set(d.attributes);
        c->progid = c->attributes.text(attribute_id::progid);
        c->vi_progid = c->attributes.text(attribute_id::vi_progid);
        c->threading = c->attributes.text(attribute_id::threading);
        c->helpstring = c->attributes.text(attribute_id::helpstring);
        c->declared = &d;
        for (const auto &entry : d.interfaces) {
            if (entry.target == nullptr) {
                continue; // declared nowhere (a warning): no IID to describe or register
            }
            model_coclass_entry e;
            e.name = entry.name;
            e.is_dispinterface = entry.is_dispinterface;
            e.attributes = attribute_set(entry.attributes);
            e.is_default = e.attributes.has(attribute_id::default_);
            e.is_source = e.attributes.has(attribute_id::source);
            if (const auto *itf = as<interface_decl>(entry.target)) {
                auto it = model_->interface_of.find(itf);
                e.target = it != model_->interface_of.end() ? it->second : nullptr;
            }
            e.iid = entry.target != nullptr ? interface_id(*entry.target) : std::nullopt;
            c->interfaces.push_back(std::move(e));
        }
        model_->coclass_of.emplace(&d, c.get());
        model_->coclasses.push_back(std::move(c));
    }

    void add_dispinterface(const dispinterface_decl &d)
    {
        auto di = std::make_unique<model_dispinterface>();
        di->name = d.name;
        di->diid = d.diid.value_or(uuid_value{});
        di->interface_name = d.interface_name;
        di->attributes = attribute_set(d.attributes);
        for (const auto &p : d.properties) {
            di->properties.push_back(&p);
        }
        for (const auto &m : d.methods) {
            di->methods.push_back(make_method(m, false, false));
        }
        di->declared = &d;
        model_->dispinterfaces.emplace(&d, std::move(di));
    }

    void add_module(const module_decl &d)
    {
        auto mod = std::make_unique<model_module>();
        mod->name = d.name;
        mod->attributes = attribute_set(d.attributes);
        for (const auto &f : d.functions) {
            mod->functions.push_back(make_method(f, false, false));
        }
        mod->declared = &d;
        model_->modules.emplace(&d, std::move(mod));
    }

    // What the glue, a projection or the descriptor carries of an interface: its slots'
    // methods, their parameters and the typedefs their types go through. An attribute that
    // changes the call beyond ucom's ABI is an error there, not a silent drop.
    void check_carried(const model_interface &itf)
    {
        refuse_outside_abi(itf.attributes, itf, nullptr);
        for (const auto &m : itf.methods) {
            if (m.slot < 0) {
                continue;
            }
            refuse_outside_abi(m.attributes, itf, &m);
            if (m.return_type) {
                refuse_in_type(*m.return_type, itf, m);
            }
            for (const auto &p : m.parameters) {
                refuse_outside_abi(p.attributes, itf, &m);
                if (p.type) {
                    refuse_in_type(*p.type, itf, m);
                }
            }
        }
    }

    void refuse_in_type(const type &t, const model_interface &itf, const model_method &m)
    {
        for_each_typedef_on(t, [&](const typedef_decl &alias) {
            if (!refused_types_.insert(&alias).second) {
                return false; // checked (and reported) already
            }
            refuse_outside_abi(attribute_set(alias.attributes), itf, &m);
            return true;
        });
    }

    void refuse_outside_abi(const attribute_set &attrs, const model_interface &itf, const model_method *m)
    {
        for (const auto &a : attrs.all()) {
            if (a.rule != nullptr && a.rule->meaning == attribute_meaning::outside_abi) {
                diags_.report(a.written->location, diag::err_outside_abi, a.written->name, itf.name,
                              m != nullptr ? m->name : std::string("(the interface)"));
                failed_ = true;
            }
        }
    }

    std::unique_ptr<resolved_model> model_;
    diagnostics &diags_;
    std::set<const typedef_decl *> refused_types_;
    bool failed_ = false;
};

} // namespace

std::string_view direction_name(direction d)
{
    switch (d) {
    case direction::in:
        return "in"; // MIDL's default direction
    case direction::out:
        return "out";
    case direction::in_out:
        return "in,out";
    }
    return "in";
}

attribute_set::attribute_set(const attribute_list &written)
{
    items_.reserve(written.size());
    for (const auto &a : written) {
        items_.push_back(read_attribute(a));
    }
}

const typed_attribute *attribute_set::find(attribute_id id) const
{
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](const typed_attribute &a) { return a.rule != nullptr && a.rule->id == id; });
    return it != items_.end() ? &*it : nullptr;
}

std::string attribute_set::text(attribute_id id) const
{
    const auto *a = find(id);
    return a != nullptr ? a->text : std::string();
}

const model_interface *resolved_model::find(const interface_decl &d) const
{
    auto it = interface_of.find(&d);
    return it != interface_of.end() ? it->second : nullptr;
}

const model_coclass *resolved_model::find(const coclass_decl &d) const
{
    auto it = coclass_of.find(&d);
    return it != coclass_of.end() ? it->second : nullptr;
}

const model_dispinterface *resolved_model::find(const dispinterface_decl &d) const
{
    auto it = dispinterfaces.find(&d);
    return it != dispinterfaces.end() ? it->second.get() : nullptr;
}

const model_module *resolved_model::find(const module_decl &d) const
{
    auto it = modules.find(&d);
    return it != modules.end() ? it->second.get() : nullptr;
}

std::vector<const model_interface *> resolved_model::main_interfaces() const
{
    std::vector<const model_interface *> out;
    for (const auto *d : declarations_of<interface_decl>(main().decls)) {
        if (!d->is_forward) {
            if (const auto *itf = find(*d); itf != nullptr && itf->com) {
                out.push_back(itf);
            }
        }
    }
    return out;
}

std::vector<const model_coclass *> resolved_model::main_coclasses() const
{
    std::vector<const model_coclass *> out;
    for (const auto *d : declarations_of<coclass_decl>(main().decls)) {
        if (const auto *c = find(*d)) {
            out.push_back(c);
        }
    }
    return out;
}

std::unique_ptr<const resolved_model> build_model(const compilation &unit, diagnostics &diags)
{
    return model_builder(unit, diags).run();
}

} // namespace ucom::idl
