/* Every page's one script (base.html), an ES module: a page names one file, not three (issue 22).
 * Each module starts itself when imported, in this order, as the three <script type="module"> tags did:
 * the search box (search.js), the reading list (reading.js), then follows (follows.js). */
import "./search.js";
import "./reading.js";
import "./follows.js";
