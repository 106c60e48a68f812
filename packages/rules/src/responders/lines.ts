/**
 * Role-flavoured text banks. `{N}` is the NPC's name, `{Y}` the player's name (or "traveller").
 * Service-specific sentences are built in `plans.ts`; these are the conversational ones.
 */
import type { NpcRole } from '@npc/contracts';

export type Lines = readonly [string, ...string[]];
type ByRole = Readonly<Record<NpcRole, Lines>>;

export const GREET: ByRole = {
  kafra: ['Welcome to the Kafra Corporation! I am {N}. How may I serve you?', 'Hello, {Y}! Kafra services are at your disposal: storage, teleport and save.', 'Good to see you, {Y}. The Kafra Corporation is always by your side.'],
  merchant: ['Welcome, welcome! {N} has the finest goods in town.', 'Ah, a customer! Take a look at my wares, {Y}.', 'Hello there! Buying or selling today?'],
  guard: ['Greetings, {Y}. Keep the peace and we will get along.', 'Halt. State your business, citizen.', 'I am {N} of the city watch. Move along safely.'],
  quest_giver: ['Ah, {Y}! I could use someone like you.', 'Hello, adventurer. I am {N}, and there is always work to be done.', 'Well met, {Y}! Looking for something to do?'],
  refiner: ['Welcome to my forge, {Y}. Need your gear strengthened?', 'I am {N}. Bring me your weapons and armor, and some ore.', 'Hello! The fire is hot and ready.'],
  job_master: ['Welcome, {Y}. Do you seek a new path?', 'I am {N}, keeper of this guild. What brings you here?', 'Greetings, aspirant.'],
  townsperson: ['Oh, hello there, {Y}!', 'Hi! Lovely day, isn\'t it?', 'Hello, {Y}. I am {N}. Welcome to town!'],
};

export const FAREWELL: ByRole = {
  kafra: ['Thank you for using Kafra services. Take care, {Y}!', 'Safe travels, {Y}. We will be here when you need us.', 'Goodbye! The Kafra Corporation is always with you.'],
  merchant: ['Come back soon, {Y}!', 'Safe travels, and remember where the good deals are.', 'Farewell! My shop is always open for you.'],
  guard: ['Stay out of trouble, {Y}.', 'Move along safely.', 'Farewell, citizen.'],
  quest_giver: ['Farewell, {Y}. Come back when you are ready for work.', 'Take care out there, adventurer.', 'Until next time!'],
  refiner: ['Mind your gear out there, {Y}.', 'Come back when that blade needs work.', 'Farewell! Keep your ores dry.'],
  job_master: ['Train well, {Y}.', 'Farewell. The guild doors are always open.', 'May your path be true.'],
  townsperson: ['Bye, {Y}!', 'See you around!', 'Take care, {Y}!'],
};

export const SMALLTALK: ByRole = {
  kafra: ['Business is steady, thank you for asking! Adventurers always need their storage.', 'I am doing well, {Y}. Standing here all day builds character!', 'Oh, every day at the Kafra Corporation is a good day.'],
  merchant: ['Trade is good, {Y}, trade is good. Potions always sell.', 'Can\'t complain! Though the porings keep stealing my apples.', 'Busy, busy! But never too busy for a chat with a customer.'],
  guard: ['Quiet shift so far. I prefer it that way.', 'I am on duty, {Y}. But yes, the weather is fine.', 'A guard\'s life is long hours and sore feet.'],
  quest_giver: ['Oh, I have been thinking about all the things that need doing around here.', 'Life is good, {Y}, but it would be better with a few helping hands.', 'Busy as always! So many tasks, so few heroes.'],
  refiner: ['The forge keeps me warm, at least.', 'Hammering all day, {Y}. My arms are stronger than any knight\'s.', 'Business is fine while adventurers keep breaking their gear.'],
  job_master: ['Many aspirants came by today. Some will go far.', 'I am well, {Y}. Teaching keeps the mind sharp.', 'A quiet day at the guild.'],
  townsperson: ['Oh, I am fine, {Y}! The porings were noisy this morning.', 'Just enjoying the day. Did you see the fountain?', 'Not bad at all! The bread at the market was fresh today.'],
};

export const UNKNOWN: ByRole = {
  kafra: ['I am sorry, I did not quite catch that. Storage, teleport or save point?', 'Pardon? How may the Kafra Corporation help you?'],
  merchant: ['Eh? Are you buying or selling?', 'I did not catch that, friend. Looking for something in my shop?'],
  guard: ['What was that? Speak plainly, citizen.', 'I do not follow. Move along if you have no business here.'],
  quest_giver: ['Hm? I do not understand. Are you looking for work?', 'Sorry, what was that?'],
  refiner: ['Speak up, the forge is loud! Do you want something refined?', 'Eh? If it is not about refining, I cannot help.'],
  job_master: ['I do not understand, {Y}. Do you seek a job change?', 'Hm? Speak clearly, aspirant.'],
  townsperson: ['Huh? I am not sure what you mean.', 'Sorry, I did not understand that.'],
};

export const INJECTION: ByRole = {
  kafra: ['I am afraid that is not a Kafra service, {Y}.', 'Strange words... Storage, teleport or save point?'],
  merchant: ['Strange talk, friend. I only deal in goods.', 'I have no idea what that means. Buying or selling?'],
  guard: ['Odd words. I will pretend I did not hear them.', 'Enough riddles. State your business.'],
  quest_giver: ['I do not follow such strange talk, {Y}.', 'Riddles? I prefer honest work.'],
  refiner: ['Whatever that was, it is not refining.', 'Strange words. The hammer does not care.'],
  job_master: ['Such words have no place in this guild.', 'I do not follow, aspirant.'],
  townsperson: ['What a strange thing to say!', 'I do not understand you at all.'],
};

export const INSULT_CALM: ByRole = {
  kafra: ['There is no need for that. The Kafra Corporation serves everyone politely.', 'Please be civil, {Y}.'],
  merchant: ['Rude customers pay double, you know.', 'Insults do not get you discounts.'],
  guard: ['Careful. Insulting the watch is a poor idea.', 'One more word like that and you will spend the night in a cell.'],
  quest_giver: ['Hm. I will forget you said that.', 'That is no way to talk to someone offering work.'],
  refiner: ['Say that again and I will "refine" your manners.', 'I have heard worse from my anvil.'],
  job_master: ['Discipline, aspirant. Words reveal the mind.', 'The guild does not tolerate such talk.'],
  townsperson: ['How rude!', 'Well! I never!'],
};

export const INSULT_HOSTILE: ByRole = {
  kafra: ['That is enough! Guards!', 'I will not be spoken to like that!'],
  merchant: ['Get out of my shop!', 'Guards! This one is causing trouble!'],
  guard: ['That is it. You are under arrest!', 'You asked for it!'],
  quest_giver: ['Get away from me!', 'Guards! Help!'],
  refiner: ['Out! Before I use my hammer!', 'You want trouble? You found it!'],
  job_master: ['Leave this guild at once!', 'Such disrespect! Guards!'],
  townsperson: ['Help! Guards!', 'Leave me alone!'],
};

export const COMBAT: ByRole = {
  kafra: ['Guards! Someone is attacking a Kafra employee!', 'Help! Security!'],
  merchant: ['Thief! Guards, help!', 'Stop that! Guards!'],
  guard: ['For the kingdom! Stand down!', 'You will regret raising your weapon here!'],
  quest_giver: ['Help! I am under attack!', 'Guards! Guards!'],
  refiner: ['You picked the wrong smith to fight!', 'Guards! This one is wild!'],
  job_master: ['You dare attack me in my own guild?', 'Guards!'],
  townsperson: ['Aaah! Help!', 'Somebody help me!'],
};

/** Curt versions for disagreeable NPCs, whatever their role. */
export const GREET_CURT: Lines = ['What do you want, {Y}?', 'Yes? Make it quick.', 'Hmph. {Y}. State your business.'];
export const FAREWELL_CURT: Lines = ['Finally.', 'Go, then.', 'Hmph. Bye.'];
export const SMALLTALK_CURT: Lines = ['I am busy, {Y}.', 'No time for chit-chat.', 'Is there a point to this?'];
/** Frightened reactions of nervous NPCs to abuse. */
export const INSULT_SCARED: Lines = ['G-guards! Help!', 'Please, someone call the guards!', 'S-stay away from me!'];

/** Role lore lines, used when the player asks about the world without naming a place. */
export const LORE: ByRole = {
  kafra: ['The Kafra Corporation was founded to help adventurers travel the kingdom. Our headquarters stand in Al De Baran.', 'They say the first Kafra employees were adventurers themselves.'],
  merchant: ['The Merchant Guild in Alberta trades with every port from Amatsu to Moscovia.', 'In the old days, merchants crossed the desert to Morroc with camels and no Kafra at all!'],
  guard: ['The kingdom of Rune-Midgarts is ruled by King Tristan III from the castle of Prontera.', 'Long ago, the demon Morroc was sealed away, but the desert still trembles.'],
  quest_giver: ['Legend says Glast Heim was once a proud kingdom, until a curse swallowed it whole.', 'The great tree Yggdrasil holds the world together, or so the sages say.'],
  refiner: ['Oridecon and elunium are mined from rough stones, and only a skilled smith can use them well.', 'The best smiths learned their craft in Einbroch, city of steel.'],
  job_master: ['Every class began with a hero who walked the path first. Learn their stories.', 'The guilds were founded after the great war to train defenders of Midgard.'],
  townsperson: ['My grandmother says the goddess Freyja once walked these streets.', 'People say there is a dragon sleeping under the mountains near Louyang.'],
};

/** Who to see for a service this NPC does not offer. */
export const REFER: Readonly<Record<'warp' | 'storage' | 'save' | 'shop' | 'refine' | 'job' | 'quest', string>> = {
  warp: 'a Kafra employee can teleport you',
  storage: 'a Kafra employee can open your storage',
  save: 'a Kafra employee can record your save point',
  shop: 'the merchants in the market can help with that',
  refine: 'a refiner at the forge can do that',
  job: 'the job guilds handle class changes',
  quest: 'ask around town, someone always needs help',
};

/** Expands `{N}` and `{Y}` in a line. */
export function fillLine(line: string, npcName: string, you: string): string {
  return line.replace(/\{N\}/g, npcName).replace(/\{Y\}/g, you);
}
