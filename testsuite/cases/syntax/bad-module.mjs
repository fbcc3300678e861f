// @build-fails
export const ok = 1;
export default default;
