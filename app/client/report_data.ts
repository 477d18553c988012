/** The ids of the JSON a live report carries, shared by the export that writes them and the script that reads them. */
export const REPORT_DATA_IDS = {
  /** The notebook's source (Notebook Kit's HTML), as a JSON string. */
  notebook: "scanbook-notebook",
  /** The MNIST digits, packed, when the notebook used them. */
  digits: "scanbook-digits",
  /** The files the notebook read with FileAttachment, by name, base64. */
  attachments: "scanbook-attachments",
} as const;
