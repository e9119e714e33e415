//! Plane geometry shared by the layout and the drawing: points, rectangles and paths of
//! line and cubic Bézier segments, flattened once for hit testing.

/// A point or a vector in diagram units (x right, y down).
pub type Point = [f32; 2];

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Rect {
    /// The rectangle of `size` centred on `centre`.
    pub fn from_centre(centre: Point, size: [f32; 2]) -> Rect {
        let half = [size[0] / 2.0, size[1] / 2.0];
        Rect {
            min: [centre[0] - half[0], centre[1] - half[1]],
            max: [centre[0] + half[0], centre[1] + half[1]],
        }
    }

    /// Its centre.
    pub fn centre(&self) -> Point {
        [
            (self.min[0] + self.max[0]) / 2.0,
            (self.min[1] + self.max[1]) / 2.0,
        ]
    }

    /// Its width and height.
    pub fn size(&self) -> [f32; 2] {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }

    /// True when `point` lies inside or on the border, grown by `margin` on every side.
    pub fn contains(&self, point: Point, margin: f32) -> bool {
        point[0] >= self.min[0] - margin
            && point[0] <= self.max[0] + margin
            && point[1] >= self.min[1] - margin
            && point[1] <= self.max[1] + margin
    }

    /// True when the two rectangles share interior area (touching borders do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.min[0] < other.max[0]
            && other.min[0] < self.max[0]
            && self.min[1] < other.max[1]
            && other.min[1] < self.max[1]
    }

    /// Distance from `point` to the nearest point of the border (0 on it).
    pub fn border_distance(&self, point: Point) -> f32 {
        let [x, y] = point;
        let outside_x = (self.min[0] - x).max(x - self.max[0]);
        let outside_y = (self.min[1] - y).max(y - self.max[1]);
        if outside_x > 0.0 || outside_y > 0.0 {
            outside_x.max(0.0).hypot(outside_y.max(0.0))
        } else {
            // Inside: the distance to the nearest side.
            (-outside_x).min(-outside_y)
        }
    }

    /// Where the ray from the centre towards `toward` leaves the rectangle (the centre
    /// itself when `toward` is the centre).
    pub fn border_toward(&self, toward: Point) -> Point {
        let c = self.centre();
        let [half_w, half_h] = [self.size()[0] / 2.0, self.size()[1] / 2.0];
        let (dx, dy) = (toward[0] - c[0], toward[1] - c[1]);
        if dx == 0.0 && dy == 0.0 {
            return c;
        }
        let scale_x = if dx == 0.0 {
            f32::INFINITY
        } else {
            half_w / dx.abs()
        };
        let scale_y = if dy == 0.0 {
            f32::INFINITY
        } else {
            half_h / dy.abs()
        };
        let scale = scale_x.min(scale_y);
        [c[0] + dx * scale, c[1] + dy * scale]
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: [self.min[0].min(other.min[0]), self.min[1].min(other.min[1])],
            max: [self.max[0].max(other.max[0]), self.max[1].max(other.max[1])],
        }
    }

    /// Moved by `offset`.
    pub fn translate(&self, offset: Point) -> Rect {
        Rect {
            min: add(self.min, offset),
            max: add(self.max, offset),
        }
    }
}

/// One piece of a path, starting where the previous one ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Segment {
    /// A straight line to the point.
    Line(Point),
    /// A cubic Bézier: two control points, then the end point.
    Cubic(Point, Point, Point),
}

impl Segment {
    /// Where the segment ends.
    pub fn end(&self) -> Point {
        match *self {
            Segment::Line(end) | Segment::Cubic(_, _, end) => end,
        }
    }
}

/// A path: a start point and segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// Where it starts.
    pub start: Point,
    /// Its segments, in order.
    pub segments: Vec<Segment>,
}

/// How many straight pieces a cubic becomes when flattened: enough for hit testing and
/// for locating labels, not for drawing (the painters draw the curves themselves).
const CUBIC_STEPS: usize = 16;

impl Path {
    /// Where it ends.
    pub fn end(&self) -> Point {
        self.segments.last().map_or(self.start, Segment::end)
    }

    /// The path as a polyline: lines kept, cubics sampled.
    pub fn flatten(&self) -> Vec<Point> {
        let mut points = vec![self.start];
        let mut from = self.start;
        for segment in &self.segments {
            match *segment {
                Segment::Line(end) => points.push(end),
                Segment::Cubic(c1, c2, end) => {
                    for step in 1..=CUBIC_STEPS {
                        let t = step as f32 / CUBIC_STEPS as f32;
                        points.push(cubic_at(from, c1, c2, end, t));
                    }
                }
            }
            from = segment.end();
        }
        points
    }

    /// Every point defining the path (ends and control points): their hull holds it.
    pub fn hull_points(&self) -> Vec<Point> {
        let mut points = vec![self.start];
        for segment in &self.segments {
            match *segment {
                Segment::Line(end) => points.push(end),
                Segment::Cubic(c1, c2, end) => points.extend([c1, c2, end]),
            }
        }
        points
    }

    /// Applies `f` to every point (to swap axes or translate).
    pub fn map(&self, f: impl Fn(Point) -> Point) -> Path {
        Path {
            start: f(self.start),
            segments: self
                .segments
                .iter()
                .map(|segment| match *segment {
                    Segment::Line(end) => Segment::Line(f(end)),
                    Segment::Cubic(c1, c2, end) => Segment::Cubic(f(c1), f(c2), f(end)),
                })
                .collect(),
        }
    }
}

/// The point at `t` of a cubic Bézier.
pub fn cubic_at(p0: Point, c1: Point, c2: Point, p1: Point, t: f32) -> Point {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    [
        a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0],
        a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1],
    ]
}

/// `a + b`.
pub fn add(a: Point, b: Point) -> Point {
    [a[0] + b[0], a[1] + b[1]]
}

/// `a - b`.
pub fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1]]
}

/// `a × k`.
pub fn scale(a: Point, k: f32) -> Point {
    [a[0] * k, a[1] * k]
}

/// Euclidean distance.
pub fn distance(a: Point, b: Point) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// `v` scaled to length 1, or `fallback` when it is (nearly) zero.
pub fn normalize(v: Point, fallback: Point) -> Point {
    let len = v[0].hypot(v[1]);
    if len > 1e-6 {
        scale(v, 1.0 / len)
    } else {
        fallback
    }
}

/// Distance from `point` to the segment `a`–`b`.
pub fn segment_distance(point: Point, a: Point, b: Point) -> f32 {
    let ab = sub(b, a);
    let len2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if len2 > 0.0 {
        (((point[0] - a[0]) * ab[0] + (point[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    distance(point, add(a, scale(ab, t)))
}

/// Distance from `point` to a polyline (infinite for an empty one).
pub fn polyline_distance(point: Point, polyline: &[Point]) -> f32 {
    match polyline {
        [] => f32::INFINITY,
        [only] => distance(point, *only),
        _ => polyline
            .windows(2)
            .map(|pair| match pair {
                [a, b] => segment_distance(point, *a, *b),
                _ => f32::INFINITY,
            })
            .fold(f32::INFINITY, f32::min),
    }
}

/// The point halfway along a polyline, by length.
pub fn polyline_midpoint(polyline: &[Point]) -> Point {
    let lengths: Vec<f32> = polyline
        .windows(2)
        .map(|pair| match pair {
            [a, b] => distance(*a, *b),
            _ => 0.0,
        })
        .collect();
    let mut remaining = lengths.iter().sum::<f32>() / 2.0;
    for (pair, &len) in polyline.windows(2).zip(&lengths) {
        if let [a, b] = pair {
            if remaining <= len && len > 0.0 {
                return add(*a, scale(sub(*b, *a), remaining / len));
            }
            remaining -= len;
        }
    }
    polyline.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_toward_hits_the_side_facing_the_point() {
        let rect = Rect::from_centre([0.0, 0.0], [40.0, 20.0]);
        assert_eq!(rect.border_toward([100.0, 0.0]), [20.0, 0.0]);
        assert_eq!(rect.border_toward([0.0, -100.0]), [0.0, -10.0]);
        assert_eq!(rect.border_toward([40.0, 40.0]), [10.0, 10.0]);
        assert_eq!(rect.border_distance([10.0, 10.0]), 0.0);
        assert_eq!(rect.border_distance([23.0, 14.0]), 5.0);
        assert_eq!(rect.border_distance([0.0, 0.0]), 10.0);
    }

    #[test]
    fn flattened_cubic_keeps_its_ends_and_midpoint_is_halfway() {
        let path = Path {
            start: [0.0, 0.0],
            segments: vec![Segment::Cubic([10.0, 0.0], [10.0, 10.0], [20.0, 10.0])],
        };
        let points = path.flatten();
        assert_eq!(points.first(), Some(&[0.0, 0.0]));
        assert_eq!(points.last(), Some(&[20.0, 10.0]));
        let mid = polyline_midpoint(&points);
        assert!(
            (mid[0] - 10.0).abs() < 0.01 && (mid[1] - 5.0).abs() < 0.01,
            "{mid:?}"
        );
        assert_eq!(
            polyline_distance([5.0, 3.0], &[[0.0, 0.0], [10.0, 0.0]]),
            3.0
        );
    }
}
