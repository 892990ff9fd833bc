import { defineMessages } from "./define";

export const desk = defineMessages({}, {}, {});
