import { defineMessages } from "./define";

export const announcements = defineMessages({}, {}, {});
