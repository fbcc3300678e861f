// Classes: a small hierarchy, polymorphic method calls, getters and instanceof.
class Shape {
  constructor(id) { this.id = id; }
  get kind() { return 0; }
  describe() { return this.kind * 1000 + (this.area() | 0); }
}
class Rect extends Shape {
  constructor(id, w, h) { super(id); this.w = w; this.h = h; }
  get kind() { return 1; }
  area() { return this.w * this.h; }
}
class Square extends Rect {
  constructor(id, s) { super(id, s, s); }
  get kind() { return 2; }
}
class Circle extends Shape {
  constructor(id, r) { super(id); this.r = r; }
  get kind() { return 3; }
  area() { return 3 * this.r * this.r; }
}
const N = 100000;
const ROUNDS = 4;
const shapes = [];
for (let i = 0; i < N; i++) {
  const k = i % 3;
  shapes.push(k === 0 ? new Rect(i, i % 10, i % 7) : k === 1 ? new Square(i, i % 9) : new Circle(i, i % 5));
}
let total = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const s of shapes) {
    total += s.describe();
    if (s instanceof Rect) total += 1;
  }
}
console.log("checksum " + total);
