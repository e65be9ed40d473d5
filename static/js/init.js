// Start GOV.UK Frontend's components (kept out of the page so no inline script is needed).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
