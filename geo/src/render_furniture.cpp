// Map furniture drawn by Canvas around and over the map: the title, the scale bar, the north arrow
// and the legend.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "render_canvas.hpp"

namespace infracov::geo::render {

void Canvas::draw_title(const std::string& title) {
  Impl& m = *impl_;
  LayoutPtr lay = m.layout(title, m.page.font_family, 14.0, true);
  const auto [w, h] = Impl::text_size(lay.get());
  const double page_w = m.page_w_px;
  const double band_top = m.mm(m.page.margin_mm);
  const double band_h = m.frame.y0 - band_top;
  m.show_text(lay.get(), (page_w - w) / 2.0, band_top + std::max(0.0, (band_h - h) / 2.0),
              {0.0, 0.0, 0.0, 1.0}, std::nullopt);
}

void Canvas::draw_scale_bar() {
  Impl& m = *impl_;
  m.require_extent();
  const double frame_w = m.frame.x1 - m.frame.x0;
  // A 1, 2 or 5 times a power of ten length near a fifth of the frame.
  const double target_m = frame_w / 5.0 * m.m_per_px;
  const double power = std::pow(10.0, std::floor(std::log10(target_m)));
  double length_m = power;
  for (double f : {2.0, 5.0, 10.0}) {
    if (f * power <= target_m) length_m = f * power;
  }
  const double bar_w = length_m / m.m_per_px;
  const double bar_h = m.mm(1.5);
  const double x0 = m.frame.x0 + m.mm(4.0);
  const double y0 = m.frame.y1 - m.mm(6.0);
  const std::string text = length_m >= 1000.0
                               ? std::to_string(static_cast<long>(length_m / 1000.0)) + " km"
                               : std::to_string(static_cast<long>(length_m)) + " m";
  LayoutPtr lay = m.layout(text, m.page.font_family, 7.0);
  const auto [tw, th] = Impl::text_size(lay.get());
  const Box box{x0 - m.mm(1.0), y0 - th - m.mm(1.0), x0 + std::max(bar_w, tw) + m.mm(1.0),
                y0 + bar_h + m.mm(1.0)};
  m.set_colour({1.0, 1.0, 1.0, 0.8});
  cairo_rectangle(m.cr.get(), box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_fill(m.cr.get());
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(m.cr.get(), x0 + i * bar_w / 4.0, y0, bar_w / 4.0, bar_h);
    m.set_colour(i % 2 == 0 ? Rgba{0.0, 0.0, 0.0, 1.0} : Rgba{1.0, 1.0, 1.0, 1.0});
    cairo_fill_preserve(m.cr.get());
    m.set_colour({0.0, 0.0, 0.0, 1.0});
    cairo_set_line_width(m.cr.get(), std::max(m.mm(0.15), 0.5));
    cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
    cairo_stroke(m.cr.get());
  }
  m.show_text(lay.get(), x0 + bar_w - tw / 2.0 > x0 ? x0 + (bar_w - tw) / 2.0 : x0, y0 - th,
              {0.0, 0.0, 0.0, 1.0}, std::nullopt);
  m.occupy(box);
}

void Canvas::draw_north_arrow() {
  Impl& m = *impl_;
  m.require_extent();
  const double w = m.mm(5.0);
  const double h = m.mm(8.0);
  const double cx = m.frame.x1 - m.mm(4.0) - w / 2.0;
  const double top = m.frame.y0 + m.mm(7.0);
  LayoutPtr lay = m.layout("N", m.page.font_family, 9.0, true);
  const auto [tw, th] = Impl::text_size(lay.get());
  const Box box{cx - w / 2.0 - m.mm(1.0), top - th - m.mm(1.0), cx + w / 2.0 + m.mm(1.0),
                top + h + m.mm(1.0)};
  // Two halves, dark and light, as on a compass rose.
  cairo_new_path(m.cr.get());
  cairo_move_to(m.cr.get(), cx, top);
  cairo_line_to(m.cr.get(), cx - w / 2.0, top + h);
  cairo_line_to(m.cr.get(), cx, top + h * 0.75);
  cairo_close_path(m.cr.get());
  m.set_colour({0.0, 0.0, 0.0, 1.0});
  cairo_fill(m.cr.get());
  cairo_move_to(m.cr.get(), cx, top);
  cairo_line_to(m.cr.get(), cx + w / 2.0, top + h);
  cairo_line_to(m.cr.get(), cx, top + h * 0.75);
  cairo_close_path(m.cr.get());
  m.set_colour({1.0, 1.0, 1.0, 1.0});
  cairo_fill_preserve(m.cr.get());
  m.set_colour({0.0, 0.0, 0.0, 1.0});
  cairo_set_line_width(m.cr.get(), std::max(m.mm(0.2), 0.5));
  cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
  cairo_stroke(m.cr.get());
  m.show_text(lay.get(), cx - tw / 2.0, top - th, {0.0, 0.0, 0.0, 1.0}, Rgba{1.0, 1.0, 1.0, 0.85});
  m.occupy(box);
}

void Canvas::draw_legend(const std::string& heading, const std::vector<LegendEntry>& entries) {
  Impl& m = *impl_;
  m.require_extent();
  const double pad = m.mm(2.0);
  const double symbol_w = m.mm(6.0);
  LayoutPtr head = m.layout(heading, m.page.font_family, 8.0, true);
  auto [hw, hh] = Impl::text_size(head.get());
  std::vector<LayoutPtr> texts;
  double text_w = hw - symbol_w - pad;
  double row_h = m.mm(4.0);
  for (const LegendEntry& e : entries) {
    texts.push_back(m.layout(e.text, m.page.font_family, 7.0));
    const auto [tw, th] = Impl::text_size(texts.back().get());
    text_w = std::max(text_w, tw);
    row_h = std::max(row_h, th);
  }
  double box_w = pad * 3.0 + symbol_w + text_w;
  if (m.panel_mm > 0.0) {
    // The panel's width is fixed: long entries are shortened with an ellipsis, never spill.
    box_w = m.mm(m.panel_mm - 3.0);
    const double room = box_w - pad * 3.0 - symbol_w;
    for (auto* lay : {head.get()}) {
      pango_layout_set_width(lay, static_cast<int>((box_w - 2.0 * pad) * PANGO_SCALE));
      pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    }
    for (auto& lay : texts) {
      pango_layout_set_width(lay.get(), static_cast<int>(room * PANGO_SCALE));
      pango_layout_set_ellipsize(lay.get(), PANGO_ELLIPSIZE_END);
    }
  }
  const double box_h = pad * 2.0 + hh + static_cast<double>(entries.size()) * row_h;
  Box box{m.frame.x1 - m.mm(3.0) - box_w, m.frame.y1 - m.mm(3.0) - box_h, m.frame.x1 - m.mm(3.0),
          m.frame.y1 - m.mm(3.0)};
  if (m.panel_mm > 0.0) {
    // In the panel, top-aligned with the frame; pushed left only if it would leave the page.
    const double x0 =
        std::min(m.frame.x1 + m.mm(3.0), m.page_w_px - m.mm(m.page.margin_mm) - box_w);
    box = {x0, m.frame.y0, x0 + box_w, m.frame.y0 + box_h};
  }
  cairo_rectangle(m.cr.get(), box.x0, box.y0, box_w, box_h);
  m.set_colour({1.0, 1.0, 1.0, 0.9});
  cairo_fill_preserve(m.cr.get());
  m.set_colour({0.3, 0.3, 0.3, 1.0});
  cairo_set_line_width(m.cr.get(), std::max(m.mm(0.2), 0.5));
  cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
  cairo_stroke(m.cr.get());
  m.show_text(head.get(), box.x0 + pad, box.y0 + pad, {0.0, 0.0, 0.0, 1.0}, std::nullopt);
  double y = box.y0 + pad + hh;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double sx = box.x0 + pad;
    const double cy = y + row_h / 2.0;
    switch (e.symbol) {
      case GeometryClass::kPoint:
        m.paint_marker({sx + symbol_w / 2.0, cy}, e.style.marker);
        break;
      case GeometryClass::kLine:
        if (e.style.stroke) {
          cairo_new_path(m.cr.get());
          cairo_move_to(m.cr.get(), sx, cy);
          cairo_line_to(m.cr.get(), sx + symbol_w, cy);
          m.apply_stroke(*e.style.stroke);
          cairo_stroke(m.cr.get());
        }
        break;
      case GeometryClass::kPolygon:
      case GeometryClass::kAny:
        cairo_new_path(m.cr.get());
        cairo_rectangle(m.cr.get(), sx, cy - row_h * 0.3, symbol_w, row_h * 0.6);
        if (e.style.fill) {
          m.set_colour(*e.style.fill);
          cairo_fill_preserve(m.cr.get());
        }
        if (e.style.stroke) {
          m.apply_stroke(*e.style.stroke);
          cairo_stroke(m.cr.get());
        }
        cairo_new_path(m.cr.get());
        break;
    }
    const auto [tw, th] = Impl::text_size(texts[i].get());
    static_cast<void>(tw);
    m.show_text(texts[i].get(), sx + symbol_w + pad, cy - th / 2.0, {0.0, 0.0, 0.0, 1.0},
                std::nullopt);
    y += row_h;
  }
  m.occupy(box);
}

}  // namespace infracov::geo::render
