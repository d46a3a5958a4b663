#pragma once
// Domain values -> JSON, in the shapes docs/openapi.json describes.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "app/invitation_service.hpp"
#include "app/pattern_service.hpp"
#include "app/people_service.hpp"
#include "app/schedule_service.hpp"
#include "domain/email.hpp"
#include "domain/organization.hpp"
#include "domain/shift.hpp"
#include "domain/weekly_pattern.hpp"

namespace shiftsync::http {

// "/api/v1/users/{id}/picture?v={picture_id}", or null without a picture.
boost::json::value PictureUrlJson(const User& user);
boost::json::object UserJson(const PersonView& person);
boost::json::object OrganizationJson(const Organization& org);
boost::json::object ShiftJson(const Shift& shift);
boost::json::object PatternJson(const WeeklyPattern& pattern);
boost::json::object InvitationJson(const Invitation& invitation);
boost::json::object ScheduleJson(const ScheduleView& view);
// An outbox message as the mail API lists it: status and delivery facts, not the bodies.
boost::json::object OutboxJson(const OutboxMessage& message);
// A paged list's next_cursor (docs/API.md, "Paged lists"): the cursor, or null on the last page.
boost::json::value NextCursorJson(const std::optional<std::string>& next_cursor);

// Reads a pattern's "days" object: any of monday..sunday, each {start, end} or null.
WeekDays ReadDays(const boost::json::object& days, class BodyReader& parent_reader);

}  // namespace shiftsync::http
