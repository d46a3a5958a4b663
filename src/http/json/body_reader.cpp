#include "http/json/body_reader.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "http/json/time_format.hpp"

namespace shiftsync::http {

Result<boost::json::object> ParseJsonObject(const Request& request) {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 16;
    boost::json::value value = boost::json::parse(request.body, ec, {}, options);
    if (ec) return Error{ErrorCode::kMalformed, "the body is not valid JSON", {}};
    if (!value.is_object()) return Error::Invalid("the body must be a JSON object");
    return std::move(value.as_object());
}

BodyReader::BodyReader(const boost::json::object& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void BodyReader::Fail(Error error) {
    if (!error_) error_ = std::move(error);
}

bool BodyReader::Has(std::string_view name) const { return object_.contains(name); }

const boost::json::value* BodyReader::Find(std::string_view name, bool required) {
    known_.emplace_back(name);
    const boost::json::value* value = object_.if_contains(name);
    if (value == nullptr && required) Fail(Error::Invalid(Field(name) + " is required", Field(name)));
    return value;
}

std::string BodyReader::String(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr) return {};
    if (!value->is_string()) {
        Fail(Error::Invalid(Field(name) + " must be a string", Field(name)));
        return {};
    }
    return std::string(value->as_string());
}

std::optional<std::string> BodyReader::OptionalString(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        Fail(Error::Invalid(Field(name) + " must be a string", Field(name)));
        return std::nullopt;
    }
    return std::string(value->as_string());
}

namespace {
std::optional<Id> AsId(const boost::json::value& value) {
    if (value.is_int64() && value.as_int64() > 0) return value.as_int64();
    if (value.is_uint64() && value.as_uint64() > 0 && value.as_uint64() <= INT64_MAX)
        return static_cast<Id>(value.as_uint64());
    return std::nullopt;
}
}  // namespace

Id BodyReader::IdValue(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr) return 0;
    auto id = AsId(*value);
    if (!id) Fail(Error::Invalid(Field(name) + " must be a positive integer id", Field(name)));
    return id.value_or(0);
}

std::optional<Id> BodyReader::NullableId(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr || value->is_null()) return std::nullopt;
    auto id = AsId(*value);
    if (!id) Fail(Error::Invalid(Field(name) + " must be a positive integer id or null", Field(name)));
    return id;
}

std::optional<std::optional<Id>> BodyReader::OptionalNullableId(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr) return std::nullopt;
    if (value->is_null()) return std::optional<Id>{};
    auto id = AsId(*value);
    if (!id) Fail(Error::Invalid(Field(name) + " must be a positive integer id or null", Field(name)));
    return id;
}

std::optional<bool> BodyReader::OptionalBool(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr) return std::nullopt;
    if (!value->is_bool()) {
        Fail(Error::Invalid(Field(name) + " must be true or false", Field(name)));
        return std::nullopt;
    }
    return value->as_bool();
}

std::optional<Instant> BodyReader::OptionalInstant(std::string_view name) {
    const auto* value = Find(name, false);
    if (value == nullptr) return std::nullopt;
    std::optional<Instant> instant;
    if (value->is_string()) instant = ParseInstant(value->as_string());
    if (!instant)
        Fail(Error::Invalid(Field(name) + " must be an RFC 3339 date-time such as 2026-03-30T08:00:00+02:00",
                            Field(name)));
    return instant;
}

Instant BodyReader::InstantValue(std::string_view name) {
    if (!Has(name)) {
        Find(name, true);
        return {};
    }
    return OptionalInstant(name).value_or(Instant{});
}

Date BodyReader::DateValue(std::string_view name) {
    const auto* value = Find(name, true);
    if (value == nullptr) return {};
    std::optional<Date> date;
    if (value->is_string()) date = ParseDate(value->as_string());
    if (!date) Fail(Error::Invalid(Field(name) + " must be a date such as 2026-03-30", Field(name)));
    return date.value_or(Date{});
}

const boost::json::object* BodyReader::OptionalObject(std::string_view name, bool nullable) {
    const auto* value = Find(name, false);
    if (value == nullptr || (nullable && value->is_null())) return nullptr;
    if (!value->is_object()) {
        Fail(Error::Invalid(Field(name) + " must be an object", Field(name)));
        return nullptr;
    }
    return &value->as_object();
}

Status BodyReader::Finish() {
    if (error_) return *error_;
    for (const auto& entry : object_) {
        const std::string_view key = entry.key();
        if (std::find(known_.begin(), known_.end(), key) == known_.end())
            return Error::Invalid("unknown field " + Field(key), Field(key));
    }
    return Ok();
}

}  // namespace shiftsync::http
