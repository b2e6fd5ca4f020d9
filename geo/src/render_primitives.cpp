// The drawing primitives of Canvas::Impl: strokes and paths in page pixels, point markers, the
// occupancy grid that keeps labels apart, and Pango text layouts.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "render_canvas.hpp"

namespace infracov::geo::render {

void Canvas::Impl::apply_stroke(const Stroke& s) const {
  set_colour(s.colour);
  cairo_set_line_width(cr.get(), std::max(mm(s.width_mm), 0.5));
  std::vector<double> dashes;
  for (double d : s.dash_mm) dashes.push_back(mm(d));
  cairo_set_dash(cr.get(), dashes.data(), static_cast<int>(dashes.size()), 0.0);
}

void Canvas::Impl::clip_to_frame() const {
  cairo_rectangle(cr.get(), frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
  cairo_clip(cr.get());
}

void Canvas::Impl::path_line(const Polyline& line, bool close) const {
  bool first = true;
  for (Point w : line) {
    const Point p = to_page(w);
    if (first) {
      cairo_move_to(cr.get(), p.x, p.y);
      first = false;
    } else {
      cairo_line_to(cr.get(), p.x, p.y);
    }
  }
  if (close && !line.empty()) cairo_close_path(cr.get());
}

void Canvas::Impl::marker_path(Point centre, const Marker& m) const {
  const double r = mm(m.size_mm) / 2.0;
  cairo_new_path(cr.get());
  switch (m.shape) {
    case MarkerShape::kCircle:
      cairo_arc(cr.get(), centre.x, centre.y, r, 0.0, 2.0 * std::numbers::pi);
      break;
    case MarkerShape::kSquare:
      cairo_rectangle(cr.get(), centre.x - r, centre.y - r, 2.0 * r, 2.0 * r);
      break;
    case MarkerShape::kTriangle:
      cairo_move_to(cr.get(), centre.x, centre.y - r);
      cairo_line_to(cr.get(), centre.x + r * 0.866, centre.y + r * 0.5);
      cairo_line_to(cr.get(), centre.x - r * 0.866, centre.y + r * 0.5);
      cairo_close_path(cr.get());
      break;
    case MarkerShape::kDiamond:
      cairo_move_to(cr.get(), centre.x, centre.y - r);
      cairo_line_to(cr.get(), centre.x + r, centre.y);
      cairo_line_to(cr.get(), centre.x, centre.y + r);
      cairo_line_to(cr.get(), centre.x - r, centre.y);
      cairo_close_path(cr.get());
      break;
    case MarkerShape::kStar:
      for (int i = 0; i < 10; ++i) {
        const double radius = (i % 2 == 0) ? r : r * 0.45;
        const double angle = -std::numbers::pi / 2.0 + i * std::numbers::pi / 5.0;
        const double x = centre.x + radius * std::cos(angle);
        const double y = centre.y + radius * std::sin(angle);
        if (i == 0) {
          cairo_move_to(cr.get(), x, y);
        } else {
          cairo_line_to(cr.get(), x, y);
        }
      }
      cairo_close_path(cr.get());
      break;
  }
}

void Canvas::Impl::paint_marker(Point centre, const Marker& m) const {
  marker_path(centre, m);
  set_colour(m.fill);
  if (m.outline) {
    cairo_fill_preserve(cr.get());
    apply_stroke(*m.outline);
    cairo_stroke(cr.get());
  } else {
    cairo_fill(cr.get());
  }
}

// Cells covered by a box, clamped to the grid.
template <typename F>
bool Canvas::Impl::for_cells(const Box& b, F&& f) const {
  const int c0 = std::max(0, static_cast<int>(std::floor(b.x0 / kCellPx)));
  const int r0 = std::max(0, static_cast<int>(std::floor(b.y0 / kCellPx)));
  // A box ending exactly on a cell edge does not claim the next cell: touching is not
  // overlapping.
  const int c1 = std::min(grid_w - 1, static_cast<int>(std::ceil(b.x1 / kCellPx)) - 1);
  const int r1 = std::min(grid_h - 1, static_cast<int>(std::ceil(b.y1 / kCellPx)) - 1);
  for (int r = r0; r <= r1; ++r) {
    for (int c = c0; c <= c1; ++c) {
      if (!f(static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_w) +
             static_cast<std::size_t>(c))) {
        return false;
      }
    }
  }
  return true;
}

bool Canvas::Impl::is_free(const Box& b) const {
  return for_cells(b, [&](std::size_t i) { return occupied[i] == 0; });
}

void Canvas::Impl::occupy(const Box& b) {
  for_cells(b, [&](std::size_t i) {
    occupied[i] = 1;
    return true;
  });
}

LayoutPtr Canvas::Impl::layout(const std::string& text, const std::string& family, double size_pt,
                               bool bold) const {
  LayoutPtr lay(pango_cairo_create_layout(cr.get()));
  // Text sizes are in points at the page's DPI, whatever the surface's own units.
  pango_cairo_context_set_resolution(pango_layout_get_context(lay.get()), page.dpi);
  pango_layout_context_changed(lay.get());
  FontPtr font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family.c_str());
  pango_font_description_set_size(font.get(), static_cast<gint>(size_pt * PANGO_SCALE));
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(lay.get(), font.get());
  pango_layout_set_text(lay.get(), text.c_str(), -1);
  return lay;
}

std::pair<double, double> Canvas::Impl::text_size(PangoLayout* lay) {
  PangoRectangle logical{};
  pango_layout_get_pixel_extents(lay, nullptr, &logical);
  return {static_cast<double>(logical.width), static_cast<double>(logical.height)};
}

void Canvas::Impl::show_text(PangoLayout* lay, double x, double y, const Rgba& colour,
                             const std::optional<Rgba>& halo) const {
  cairo_move_to(cr.get(), x, y);
  pango_cairo_update_layout(cr.get(), lay);
  if (halo) {
    pango_cairo_layout_path(cr.get(), lay);
    set_colour(*halo);
    cairo_set_line_width(cr.get(), mm(0.6));
    cairo_set_line_join(cr.get(), CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr.get());
    cairo_move_to(cr.get(), x, y);
  }
  set_colour(colour);
  pango_cairo_show_layout(cr.get(), lay);
}

}  // namespace infracov::geo::render
